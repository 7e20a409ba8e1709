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
