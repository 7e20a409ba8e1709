package dev.ferry.local.sqs.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.InvalidMessageContentsException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

@ExtendWith(SqsTarget.Extension.class)
class LimitsAndAttributesTest {

    private static final int KIB = 1024;

    private final SqsTarget target;
    private final SqsClient sqs;
    private final Queues queues;

    LimitsAndAttributesTest(SqsTarget target) {
        this.target = target;
        this.sqs = target.client();
        this.queues = new Queues(target);
    }

    // AWS: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html#SQS-SendMessage-request-MessageBody
    //   ("The maximum size is 1 MiB or 1,048,576 bytes"; 256 KiB was the limit before 2025)
    @Test
    void messageOf256KibIsAccepted() {
        String url = queues.standard("size-256k");
        String body = "x".repeat(256 * KIB);

        sqs.sendMessage(b -> b.queueUrl(url).messageBody(body));

        assertThat(queues.receiveAll(url, 1, Duration.ofSeconds(5))).extracting(Message::body).containsExactly(body);
    }

    // AWS: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html#SQS-SendMessage-request-MessageBody
    //   ("The maximum size is 1 MiB or 1,048,576 bytes")
    // Recorded: localstack/localstack tests/aws/services/sqs/test_sqs.snapshot.json TestSqsProvider::test_send_oversized_message[sqs]
    //   (recorded 2025-08-19: the limit is 1048576 bytes; above a queue's limit AWS answers InvalidParameterValue, "One or more
    //   parameters are invalid. Reason: Message must be shorter than N bytes.")
    // Ferry's choice: the embedded target keeps ElasticMQ's 256 KiB and refuses larger bodies in AWS's words for a queue
    //   limit (a known difference, docs/local-cloud.md); against AWS the 1 MiB limit is asserted.
    @Test
    void messageAbove256KibIsAcceptedUpToOneMebibyte() {
        String url = queues.standard("size-1m");
        String body = "x".repeat(300 * KIB);

        if (target.isEmbeddedElasticMq()) {
            // Known difference (docs/local-cloud.md, SQS): ElasticMQ keeps the old 256 KiB limit; SQS allows 1 MiB.
            // The front reports it as AWS reports a message above a queue's limit.
            assertThatThrownBy(() -> sqs.sendMessage(b -> b.queueUrl(url).messageBody(body)))
                    .isInstanceOf(SqsException.class)
                    .hasMessageContaining("Message must be shorter than 262144 bytes")
                    .satisfies(e -> assertThat(((SqsException) e).awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
            return;
        }
        sqs.sendMessage(b -> b.queueUrl(url).messageBody(body));
        assertThat(queues.receiveAll(url, 1, Duration.ofSeconds(5))).extracting(Message::body).containsExactly(body);
    }

    // AWS: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html#SQS-SendMessage-request-MessageBody
    //   ("The maximum size is 1 MiB or 1,048,576 bytes")
    // Recorded: localstack/localstack tests/aws/services/sqs/test_sqs.snapshot.json TestSqsProvider::test_send_oversized_message[sqs]
    //   (recorded 2025-08-19: one byte over 1 MiB is refused, InvalidParameterValue, HTTP 400)
    @Test
    void messageAboveOneMebibyteIsRejected() {
        String url = queues.standard("size-too-big");

        assertThatThrownBy(() -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("x".repeat(KIB * KIB + 1))))
                .isInstanceOf(SqsException.class)
                .satisfies(e -> assertThat(((SqsException) e).statusCode()).isEqualTo(400));
    }

    // AWS: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html#API_SendMessage_Errors
    //   (InvalidMessageContents: "The message contains characters outside the allowed set", HTTP 400)
    // Recorded: localstack/localstack tests/aws/services/sqs/test_sqs.py TestSqsProvider::test_send_message_with_invalid_payload_characters
    //   (aws.validated: refused with InvalidMessageContents)
    @Test
    void bodyWithCharactersOutsideTheAllowedSetIsRejected() {
        String url = queues.standard("bad-chars");

        assertThatThrownBy(() -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("control \u0001 char")))
                .isInstanceOfAny(InvalidMessageContentsException.class, SqsException.class)
                .satisfies(e -> assertThat(((SqsException) e).statusCode()).isEqualTo(400));
    }

    // AWS: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html (Attributes:
    //   SqsManagedSseEnabled, MessageRetentionPeriod "from 60 seconds (1 minute) to 1,209,600 seconds (14 days)",
    //   VisibilityTimeout "from 0 to 43,200", RedrivePolicy, Policy)
    // Recorded: localstack/localstack tests/aws/services/sqs/test_sqs.py TestSqsProvider::test_dead_letter_queue_config
    //   (aws.validated: CreateQueue accepts a RedrivePolicy whose maxReceiveCount is a JSON number)
    // Recorded: localstack/localstack tests/aws/services/sqs/test_sqs.snapshot.json TestSqsProvider::test_set_queue_attributes_default_values[sqs]
    //   (SqsManagedSseEnabled is a queue attribute AWS reports)
    @Test
    void createQueueAcceptsTheAttributesOfAnEncryptedCdkQueue() {
        String dlq = queues.standard("cdk-dlq");
        String dlqArn = queues.arn(dlq);

        String url = queues.standard("cdk", Map.of(
                QueueAttributeName.SQS_MANAGED_SSE_ENABLED, "true",
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, "345600",
                QueueAttributeName.VISIBILITY_TIMEOUT, "60",
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":3}",
                QueueAttributeName.POLICY, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"*\"},"
                        + "\"Action\":\"sqs:*\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}"));

        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT))
                .attributes()).containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "60");
    }

    // AWS: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html#SQS-SendMessage-request-DelaySeconds
    //   ("When you set FifoQueue, you can't set DelaySeconds per message"); https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-timers.html
    //   ("FIFO queues don't support timers on individual messages")
    // Recorded: localstack/localstack tests/aws/services/sqs/test_sqs.snapshot.json TestSqsProvider::test_fifo_queue_send_message_with_delay_seconds_fails[sqs]
    //   (InvalidParameterValue, "Value 2 for parameter DelaySeconds is invalid. Reason: The request include parameter that
    //   is not valid for this queue type."); getmoto/moto tests/test_sqs/test_sqs.py test_send_message_delay_seconds_validation (aws_verified)
    @Test
    void fifoQueueRejectsAPerMessageDelay() {
        String url = queues.fifo("fifo-delay", Map.of(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"));

        assertThatThrownBy(() -> sqs.sendMessage(b -> b.queueUrl(url).messageGroupId("g").messageBody("x").delaySeconds(1)))
                .isInstanceOf(SqsException.class)
                .satisfies(e -> assertThat(((SqsException) e).awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
    }
}
