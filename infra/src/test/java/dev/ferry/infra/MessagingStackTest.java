package dev.ferry.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.infra.messaging.ConsumerQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MessagingStackTest {

    private static Templates templates;
    private static FerryStacks stacks;

    @BeforeAll
    static void synthesize() {
        stacks = TestApps.dev();
        templates = new Templates(stacks);
    }

    @Test
    void everyConsumerQueueMovesAMessageToItsOwnDeadLetterQueueAfterFiveReceives() {
        assertThat(stacks.messaging().consumerQueues()).hasSize(4);
        for (ConsumerQueue consumer : stacks.messaging().consumerQueues().values()) {
            Resource queue = templates.resourceOf(consumer.queue());
            Resource deadLetters = templates.requireReferenced(queue.stackName(),
                    queue.require("RedrivePolicy.deadLetterTargetArn"));
            assertThat(deadLetters.logicalId()).isEqualTo(templates.resourceOf(consumer.deadLetterQueue()).logicalId());
            assertThat(deadLetters.string("QueueName"))
                    .isEqualTo(queue.string("QueueName").replace(".fifo", "") + "-dlq"
                            + (queue.string("QueueName").endsWith(".fifo") ? ".fifo" : ""));
            assertThat(queue.integer("RedrivePolicy.maxReceiveCount")).isEqualTo(5);
            // A standard queue's message keeps its first enqueue time in the DLQ: a shorter retention there
            // would expire it before anyone looks.
            assertThat(retentionSeconds(deadLetters)).isGreaterThan(retentionSeconds(queue));
        }
    }

    /** SQS keeps a message four days unless the queue says otherwise. */
    private static int retentionSeconds(Resource queue) {
        return queue.property("MessageRetentionPeriod").map(v -> ((Number) v).intValue()).orElse(4 * 24 * 3600);
    }

    @Test
    void theQueuesAreTheContractsWithStagePrefixedNames() {
        assertThat(templates.resources(stacks.messaging(), "AWS::SQS::Queue"))
                .extracting(queue -> queue.string("QueueName"))
                .containsExactlyInAnyOrder("dev-payments-order-placed", "dev-payments-order-placed-dlq",
                        "dev-orders-payment-outcomes", "dev-orders-payment-outcomes-dlq", "dev-notifications-emails",
                        "dev-notifications-emails-dlq", "dev-account-commands.fifo", "dev-account-commands-dlq.fifo",
                        "dev-stream-failures");
    }

    @Test
    void accountCommandsIsFifoDeduplicatedByTheSendersIdAndDeadLettersToAFifoQueue() {
        Resource commands = templates.resourceOf(stacks.messaging().accountCommands().queue());
        Resource deadLetters = templates.resourceOf(stacks.messaging().accountCommands().deadLetterQueue());
        assertThat(commands.property("FifoQueue")).contains(true);
        assertThat(commands.property("ContentBasedDeduplication")).contains(false);
        assertThat(deadLetters.property("FifoQueue")).contains(true);
    }

    @Test
    void everyQueueIsEncryptedAndRefusesRequestsWithoutTls() {
        List<Resource> queues = templates.resources(stacks.messaging(), "AWS::SQS::Queue");
        List<Resource> policies = templates.resources(stacks.messaging(), "AWS::SQS::QueuePolicy");
        assertThat(queues).allSatisfy(queue -> {
            assertThat(queue.property("SqsManagedSseEnabled")).contains(true);
            assertThat(policies).as("TLS-only policy of " + queue).anySatisfy(policy -> {
                assertThat(policy.list("Queues")).contains(Map.of("Ref", queue.logicalId()));
                assertThat(policy.list("PolicyDocument.Statement")).anySatisfy(s -> assertDeniesPlainHttp(s, "sqs:*"));
            });
        });
    }

    @Test
    void bothTopicsAreEncryptedAndRefusePublishingWithoutTls() {
        List<Resource> topics = templates.resources(stacks.messaging(), "AWS::SNS::Topic");
        List<Resource> policies = templates.resources(stacks.messaging(), "AWS::SNS::TopicPolicy");
        assertThat(topics).extracting(topic -> topic.string("TopicName"))
                .containsExactlyInAnyOrder("dev-domain-events", "dev-telemetry");
        assertThat(topics).allSatisfy(topic -> {
            assertThat(String.valueOf(topic.require("KmsMasterKeyId"))).contains("alias/aws/sns");
            assertThat(policies).as("TLS-only policy of " + topic).anySatisfy(policy -> {
                assertThat(policy.list("Topics")).contains(Map.of("Ref", topic.logicalId()));
                assertThat(policy.list("PolicyDocument.Statement"))
                        .anySatisfy(s -> assertDeniesPlainHttp(s, "sns:Publish"));
            });
        });
    }

    @Test
    void domainEventsReachEachQueueRawAndFilteredOnTheEventType() {
        Map<ConsumerQueue, List<String>> expected = Map.of(
                stacks.messaging().paymentsOrderPlaced(), List.of(Workflow.ORDER_PLACED),
                stacks.messaging().ordersPaymentOutcomes(), List.of(Workflow.PAYMENT_SUCCEEDED, Workflow.PAYMENT_FAILED),
                stacks.messaging().notificationsEmails(), List.of(Workflow.ACCOUNT_OPENED, Workflow.ORDER_CONFIRMED));
        List<Resource> subscriptions = templates.resources(stacks.messaging(), "AWS::SNS::Subscription");
        assertThat(subscriptions).hasSize(3);
        String domainEvents = templates.resourceOf(stacks.messaging().domainEvents()).logicalId();
        expected.forEach((consumer, types) -> {
            String queue = templates.resourceOf(consumer.queue()).logicalId();
            Resource subscription = subscriptions.stream()
                    .filter(s -> templates.requireReferenced(s.stackName(), s.require("Endpoint")).logicalId()
                            .equals(queue))
                    .findFirst().orElseThrow(() -> new AssertionError("no subscription for " + queue));
            assertThat(subscription.string("Protocol")).isEqualTo("sqs");
            assertThat(subscription.property("RawMessageDelivery")).contains(true);
            assertThat(subscription.require("TopicArn")).isEqualTo(Map.of("Ref", domainEvents));
            assertThat(subscription.map("FilterPolicy")).isEqualTo(Map.of("type", types));
        });
    }

    @Test
    void onlyTheDomainEventsTopicMaySendToTheSubscribedQueues() {
        String domainEvents = templates.resourceOf(stacks.messaging().domainEvents()).logicalId();
        List<Map<?, ?>> allows = new ArrayList<>();
        for (Resource policy : templates.resources(stacks.messaging(), "AWS::SQS::QueuePolicy")) {
            policy.list("PolicyDocument.Statement").stream().map(s -> (Map<?, ?>) s)
                    .filter(s -> "Allow".equals(s.get("Effect"))).forEach(allows::add);
        }
        assertThat(allows).as("one per subscribed queue").hasSize(3).allSatisfy(s -> {
            assertThat(s.get("Principal")).isEqualTo(Map.of("Service", "sns.amazonaws.com"));
            assertThat(s.get("Action")).isEqualTo("sqs:SendMessage");
            assertThat(s.get("Condition")).as("no other topic, no confused deputy")
                    .isEqualTo(Map.of("ArnEquals", Map.of("aws:SourceArn", Map.of("Ref", domainEvents))));
        });
    }

    @Test
    void everyQueueHidesAMessageForSixTimesItsConsumersTimeoutPlusTheBatchingWindow() {
        List<Resource> sqsMappings = templates.resources(stacks.functions(), "AWS::Lambda::EventSourceMapping")
                .stream().filter(m -> m.property("StartingPosition").isEmpty()).toList();
        assertThat(sqsMappings).hasSize(4);
        for (Resource mapping : sqsMappings) {
            Resource queue = templates.requireReferenced(mapping.stackName(), mapping.require("EventSourceArn"));
            Resource function = templates.requireReferenced(mapping.stackName(), mapping.require("FunctionName"));
            int window = mapping.property("MaximumBatchingWindowInSeconds").map(v -> ((Number) v).intValue()).orElse(0);
            assertThat(queue.integer("VisibilityTimeout")).as(queue.string("QueueName"))
                    .isGreaterThanOrEqualTo(6 * function.integer("Timeout") + window);
        }
    }

    @Test
    void theEventLogHasTwoEncryptedShards() {
        Resource stream = templates.resourceOf(stacks.messaging().eventLog());
        assertThat(stream.string("Name")).isEqualTo("dev-event-log");
        assertThat(stream.integer("ShardCount")).isEqualTo(2);
        assertThat(stream.string("StreamEncryption.EncryptionType")).isEqualTo("KMS");
        assertThat(stream.string("StreamEncryption.KeyId")).isEqualTo("alias/aws/kinesis");
    }

    @Test
    void topicsQueuesAndTheStreamAreStackOutputs() {
        Map<String, Map<String, Object>> outputs = templates.template(stacks.messaging()).findOutputs("*");
        assertThat(outputs).containsKeys("DomainEventsTopicArn", "TelemetryTopicArn", "EventLogStreamName",
                "StreamFailuresQueueUrl", "PaymentsOrderPlacedQueueUrl", "PaymentsOrderPlacedDeadLetterQueueUrl",
                "OrdersPaymentOutcomesQueueUrl", "NotificationsEmailsQueueUrl", "AccountCommandsQueueUrl");
    }

    private static void assertDeniesPlainHttp(Object statement, String action) {
        Map<?, ?> s = (Map<?, ?>) statement;
        assertThat(s.get("Effect")).isEqualTo("Deny");
        assertThat(s.get("Principal")).as("denied to everyone, not to one principal").isIn("*", Map.of("AWS", "*"));
        assertThat(s.get("Action")).isEqualTo(action);
        assertThat(s.get("Condition")).isEqualTo(Map.of("Bool", Map.of("aws:SecureTransport", "false")));
    }
}
