package dev.ferry.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.infra.functions.WorkflowFunction;
import dev.ferry.infra.messaging.ConsumerQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ObservabilityStackTest {

    private static Templates templates;
    private static FerryStacks stacks;
    private static List<Resource> alarms;

    @BeforeAll
    static void synthesize() {
        stacks = TestApps.dev();
        templates = new Templates(stacks);
        alarms = templates.resources(stacks.observability(), "AWS::CloudWatch::Alarm");
    }

    @Test
    void everyDeadLetterQueueAlarmsOnItsFirstMessage() {
        List<String> deadLetterQueues = new ArrayList<>();
        for (ConsumerQueue consumer : stacks.messaging().consumerQueues().values()) {
            deadLetterQueues.add(templates.resourceOf(consumer.deadLetterQueue()).logicalId());
        }
        deadLetterQueues.add(templates.resourceOf(stacks.messaging().streamFailures()).logicalId());
        for (String queue : deadLetterQueues) {
            assertThat(alarmsOn("ApproximateNumberOfMessagesVisible", "QueueName", queue)).as(queue)
                    .singleElement().satisfies(alarm -> {
                        assertThat(alarm.integer("Threshold")).isZero();
                        assertThat(alarm.string("ComparisonOperator")).isEqualTo("GreaterThanThreshold");
                        assertThat(alarm.string("Statistic")).isEqualTo("Maximum");
                    });
        }
    }

    @Test
    void everyConsumerQueueAlarmsWhenItsBacklogWaitsTooLongOrPilesUp() {
        for (ConsumerQueue consumer : stacks.messaging().consumerQueues().values()) {
            String queue = templates.resourceOf(consumer.queue()).logicalId();
            assertThat(alarmsOn("ApproximateAgeOfOldestMessage", "QueueName", queue)).as(queue).singleElement()
                    .satisfies(alarm -> assertThat(alarm.integer("Threshold")).isEqualTo(300));
            assertThat(alarmsOn("ApproximateNumberOfMessagesVisible", "QueueName", queue)).as(queue).singleElement()
                    .satisfies(alarm -> assertThat(alarm.integer("Threshold")).isEqualTo(1_000));
        }
    }

    @Test
    void everyStreamConsumerAlarmsWhenItFallsBehind() {
        assertThat(stacks.functions().streamConsumers()).extracting(f -> f.spec().name())
                .containsExactlyInAnyOrder("Analytics", "Audit", "OutboxRelay");
        for (WorkflowFunction consumer : stacks.functions().streamConsumers()) {
            String function = templates.resourceOf(consumer.function()).logicalId();
            assertThat(alarmsOn("IteratorAge", "FunctionName", function)).as(function).singleElement()
                    .satisfies(alarm -> assertThat(alarm.integer("Threshold")).isEqualTo(300_000));
        }
    }

    @Test
    void everyFunctionAlarmsOnErrorsAndOnThrottles() {
        for (WorkflowFunction workflowFunction : stacks.functions().functions().values()) {
            String function = templates.resourceOf(workflowFunction.function()).logicalId();
            assertThat(alarmsOn("Errors", "FunctionName", function)).as(function).hasSize(1);
            assertThat(alarmsOn("Throttles", "FunctionName", function)).as(function).hasSize(1);
        }
    }

    @Test
    void withoutAnAlarmEmailAlarmsNotifyNobodyAndNoTopicOrKeyIsCreated() {
        assertThat(alarms).allSatisfy(alarm -> {
            assertThat(alarm.property("AlarmActions")).isEmpty();
            assertThat(alarm.property("OKActions")).isEmpty();
        });
        assertThat(templates.resources(stacks.observability(), "AWS::SNS::Topic")).isEmpty();
        assertThat(templates.resources(stacks.observability(), "AWS::KMS::Key")).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void withAnAlarmEmailEveryAlarmAndItsRecoveryGoToAnEncryptedTopicThatMailsIt() {
        FerryStacks notifying = TestApps.devWithAlarmEmail();
        Templates withEmail = new Templates(notifying);
        Resource topic = withEmail.resources(notifying.observability(), "AWS::SNS::Topic").getFirst();
        Resource key = withEmail.requireReferenced(topic.stackName(), topic.require("KmsMasterKeyId"));
        assertThat(key.property("EnableKeyRotation")).contains(true);
        assertThat(key.list("KeyPolicy.Statement")).anySatisfy(statement -> {
            Map<?, ?> s = (Map<?, ?>) statement;
            assertThat(s.get("Principal")).isEqualTo(Map.of("Service", "cloudwatch.amazonaws.com"));
            assertThat((List<Object>) s.get("Action")).contains("kms:Decrypt", "kms:GenerateDataKey*");
        });
        assertThat(withEmail.resources(notifying.observability(), "AWS::SNS::TopicPolicy")).singleElement()
                .satisfies(policy -> assertThat(String.valueOf(policy.list("PolicyDocument.Statement")))
                        .contains("aws:SecureTransport"));
        assertThat(withEmail.resources(notifying.observability(), "AWS::SNS::Subscription")).singleElement()
                .satisfies(subscription -> {
                    assertThat(subscription.string("Protocol")).isEqualTo("email");
                    assertThat(subscription.string("Endpoint")).isEqualTo(TestApps.ALARM_EMAIL);
                });
        List<Resource> notifyingAlarms = withEmail.resources(notifying.observability(), "AWS::CloudWatch::Alarm");
        assertThat(notifyingAlarms).hasSize(alarms.size()).allSatisfy(alarm -> {
            assertThat(alarm.list("AlarmActions")).containsExactly(Map.of("Ref", topic.logicalId()));
            assertThat(alarm.list("OKActions")).containsExactly(Map.of("Ref", topic.logicalId()));
        });
    }

    @Test
    void thereIsADashboard() {
        assertThat(templates.resources(stacks.observability(), "AWS::CloudWatch::Dashboard")).singleElement()
                .satisfies(dashboard -> assertThat(dashboard.string("DashboardName")).isEqualTo("dev-ferry"));
    }

    private static List<Resource> alarmsOn(String metric, String dimension, String logicalId) {
        return alarms.stream()
                .filter(alarm -> alarm.property("MetricName").equals(Optional.of(metric)))
                .filter(alarm -> alarm.list("Dimensions").stream().map(d -> (Map<?, ?>) d)
                        .anyMatch(d -> d.get("Name").equals(dimension) && templates
                                .referencedResource(alarm.stackName(), d.get("Value"))
                                .map(Resource::logicalId).equals(Optional.of(logicalId))))
                .toList();
    }
}
