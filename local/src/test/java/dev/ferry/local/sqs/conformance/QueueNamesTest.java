package dev.ferry.local.sqs.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * CreateQueue's name rules (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html,
 * QueueName): up to 80 characters among alphanumerics, hyphens and underscores; a FIFO queue's name must end in
 * {@code .fifo}, counted in the 80. AWS's answers: "Can only include alphanumeric characters, hyphens, or underscores.
 * 1 to 80 in length" (https://github.com/jamesyonan/brenda/issues/19) and, for FIFO queues, "The name of a FIFO queue
 * can only include ..." (https://github.com/aws-samples/aws-marketplace-serverless-saas-integration/issues/29), both
 * InvalidParameterValue.
 */
@ExtendWith(SqsTarget.Extension.class)
class QueueNamesTest {

    private static final Map<QueueAttributeName, String> FIFO = Map.of(QueueAttributeName.FIFO_QUEUE, "true");

    private final SqsTarget target;
    private final SqsClient sqs;

    QueueNamesTest(SqsTarget target) {
        this.target = target;
        this.sqs = target.client();
    }

    private void refused(String name, Map<QueueAttributeName, String> attributes, String message) {
        assertThatThrownBy(() -> sqs.createQueue(b -> b.queueName(name).attributes(attributes)))
                .isInstanceOf(SqsException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((SqsException) e).awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"))
                .satisfies(e -> assertThat(((SqsException) e).statusCode()).isEqualTo(400));
    }

    @Test
    void standardQueueNamesAreAtMostEightyLettersDigitsHyphensAndUnderscores() {
        String standard = "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length";
        refused("with.dot", Map.of(), standard);
        refused("with space", Map.of(), standard);
        refused("q".repeat(81), Map.of(), standard);
        String eighty = target.uniqueName("n");
        String name = eighty + "_".repeat(80 - eighty.length());
        assertThat(sqs.createQueue(b -> b.queueName(name)).queueUrl()).endsWith("/" + name);
    }

    @Test
    void onlyFifoQueuesAndAlwaysFifoQueuesEndInDotFifo() {
        String fifo = "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end"
                + " with .fifo suffix and be 1 to 80 in length.";
        refused("orders", FIFO, fifo);
        refused("orders.fifo", Map.of(), fifo);
        refused("q".repeat(76) + ".fifo", FIFO, fifo);
        String unique = target.uniqueName("f");
        String name = unique + "-".repeat(75 - unique.length()) + ".fifo";
        assertThat(sqs.createQueue(b -> b.queueName(name).attributes(FIFO)).queueUrl()).endsWith("/" + name);
    }
}
