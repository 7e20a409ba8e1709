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

    @Test
    void messageOf256KibIsAccepted() {
        String url = queues.standard("size-256k");
        String body = "x".repeat(256 * KIB);

        sqs.sendMessage(b -> b.queueUrl(url).messageBody(body));

        assertThat(queues.receiveAll(url, 1, Duration.ofSeconds(5))).extracting(Message::body).containsExactly(body);
    }

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

    @Test
    void messageAboveOneMebibyteIsRejected() {
        String url = queues.standard("size-too-big");

        assertThatThrownBy(() -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("x".repeat(KIB * KIB + 1))))
                .isInstanceOf(SqsException.class)
                .satisfies(e -> assertThat(((SqsException) e).statusCode()).isEqualTo(400));
    }

    @Test
    void bodyWithCharactersOutsideTheAllowedSetIsRejected() {
        String url = queues.standard("bad-chars");

        assertThatThrownBy(() -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("control \u0001 char")))
                .isInstanceOfAny(InvalidMessageContentsException.class, SqsException.class)
                .satisfies(e -> assertThat(((SqsException) e).statusCode()).isEqualTo(400));
    }

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

    @Test
    void fifoQueueRejectsAPerMessageDelay() {
        String url = queues.fifo("fifo-delay", Map.of(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"));

        assertThatThrownBy(() -> sqs.sendMessage(b -> b.queueUrl(url).messageGroupId("g").messageBody("x").delaySeconds(1)))
                .isInstanceOf(SqsException.class)
                .satisfies(e -> assertThat(((SqsException) e).awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
    }
}
