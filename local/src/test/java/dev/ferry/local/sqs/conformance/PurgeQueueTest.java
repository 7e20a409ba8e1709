package dev.ferry.local.sqs.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.PurgeQueueInProgressException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * One PurgeQueue per queue every 60 seconds (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_PurgeQueue.html);
 * a second one in that time is refused with HTTP 403 and "Only one PurgeQueue operation on NAME is allowed every 60
 * seconds." (test_successive_purge_calls_fail, recorded on AWS, in localstack/localstack's test_sqs.snapshot.json). That
 * the window ends after 60 s is checked with a controlled clock in {@code dev.ferry.local.sqs.QueueBookTest}.
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
