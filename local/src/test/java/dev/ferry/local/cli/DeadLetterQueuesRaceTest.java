package dev.ferry.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.ListQueuesRequest;
import software.amazon.awssdk.services.sqs.model.ListQueuesResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** Queues can disappear between ListQueues and GetQueueAttributes (a stack being torn down, a test cleaning up). */
class DeadLetterQueuesRaceTest {
    private static final String BASE = "http://127.0.0.1:1/000000000000/";

    /** Lists three queues; the on-failure queue is gone by the time its attributes are asked for. */
    private static final class VanishingQueues implements SqsClient {
        @Override
        public ListQueuesResponse listQueues(ListQueuesRequest request) {
            return ListQueuesResponse.builder().queueUrls(BASE + "orders", BASE + "orders-dlq", BASE + "stream-failures").build();
        }

        @Override
        public GetQueueAttributesResponse getQueueAttributes(GetQueueAttributesRequest request) {
            String name = DeadLetterQueues.nameOf(request.queueUrl());
            if (name.equals("stream-failures")) {
                throw QueueDoesNotExistException.builder().message("The specified queue does not exist.").build();
            }
            String arn = "arn:aws:sqs:us-east-1:000000000000:" + name;
            return GetQueueAttributesResponse.builder().attributes(switch (name) {
                case "orders" -> Map.of(QueueAttributeName.QUEUE_ARN, arn, QueueAttributeName.REDRIVE_POLICY,
                        "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:orders-dlq\",\"maxReceiveCount\":3}");
                default -> Map.of(QueueAttributeName.QUEUE_ARN, arn,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "2",
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0");
            }).build();
        }

        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {}
    }

    @Test
    void aQueueDeletedWhileListingIsLeftOutInsteadOfFailingTheListing() {
        var dlqs = new DeadLetterQueues(new VanishingQueues(), "", name -> name.contains("stream-failures"));

        List<DeadLetterQueues.Dlq> listed = dlqs.list();

        assertThat(listed).extracting(DeadLetterQueues.Dlq::name).containsExactly("orders-dlq");
        assertThat(listed.getFirst().sources()).containsExactly("orders");
        assertThat(listed.getFirst().depth()).isEqualTo(2);
    }
}
