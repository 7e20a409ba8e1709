package dev.ferry.local.sqs.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.PurgeQueueInProgressException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * One PurgeQueue per queue every 60 seconds. That the window ends after 60 s is checked with a controlled clock in
 * {@code dev.ferry.local.sqs.QueueBookTest}.
 */
@ExtendWith(SqsTarget.Extension.class)
class PurgeQueueTest {

    private final SqsTarget target;
    private final SqsClient sqs;
    private final Queues queues;

    PurgeQueueTest(SqsTarget target) {
        this.target = target;
        this.sqs = target.client();
        this.queues = new Queues(target);
    }

    // AWS: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_PurgeQueue.html#API_PurgeQueue_Errors
    //   (PurgeQueueInProgress: "the specified queue previously received a PurgeQueue request within the last 60 seconds")
    // Recorded: localstack/localstack tests/aws/services/sqs/test_sqs.snapshot.json TestSqsProvider::test_successive_purge_calls_fail[sqs]
    //   (HTTP 403, AWS.SimpleQueueService.PurgeQueueInProgress, "Only one PurgeQueue operation on <queue-name> is allowed
    //   every 60 seconds."; the limit is per queue, as the message names it)
    // Note: the API reference lists PurgeQueueInProgress with "HTTP Status Code: 400"; AWS answered 403 in the recording
    //   (2024-04-30), and the test follows the recording.
    @Test
    void aSecondPurgeWithinAMinuteIsRefusedAndOtherQueuesAreUnaffected() {
        String name = target.uniqueName("purge");
        String url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        String other = queues.standard("purge-other");
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("gone"));

        sqs.purgeQueue(b -> b.queueUrl(url));

        assertThatThrownBy(() -> sqs.purgeQueue(b -> b.queueUrl(url)))
                .isInstanceOf(PurgeQueueInProgressException.class)
                .hasMessageContaining("Only one PurgeQueue operation on " + name + " is allowed every 60 seconds.")
                .satisfies(e -> assertThat(((SqsException) e).statusCode()).isEqualTo(403))
                .satisfies(e -> assertThat(((SqsException) e).awsErrorDetails().errorCode())
                        .isEqualTo("AWS.SimpleQueueService.PurgeQueueInProgress"));
        sqs.purgeQueue(b -> b.queueUrl(other));
    }
}
