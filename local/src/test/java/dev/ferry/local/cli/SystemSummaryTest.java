package dev.ferry.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.deployment.AsyncInvokeConfig;
import dev.ferry.local.deployment.Deployment;
import dev.ferry.local.deployment.FunctionSpec;
import dev.ferry.local.deployment.ScheduleRuleSpec;
import dev.ferry.local.provision.ProvisionedResource;
import dev.ferry.local.provision.ProvisionedResource.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SystemSummaryTest {

    @Test
    void arnsAndUrlsAreShownByTheirReadableEnd() {
        assertThat(SystemSummary.shortName("http://127.0.0.1:9324/000000000000/dev-payments-order-placed")).isEqualTo("dev-payments-order-placed");
        assertThat(SystemSummary.shortName("arn:aws:sqs:us-east-1:000000000000:dev-stream-failures")).isEqualTo("dev-stream-failures");
        assertThat(SystemSummary.shortName("arn:aws:kinesis:us-east-1:000000000000:stream/dev-event-log")).isEqualTo("dev-event-log");
        assertThat(SystemSummary.shortName("arn:aws:dynamodb:us-east-1:000000000000:table/dev-orders/stream/2026-11-30T10:00:00.000"))
                .isEqualTo("dev-orders/stream");
        assertThat(SystemSummary.shortName("arn:aws:lambda:us-east-1:000000000000:function:dev-Audit")).isEqualTo("dev-Audit");
    }

    @Test
    void resourcesAreGroupedByKindAndSortedWhileRuntimeResourcesAreLeftToTheirOwnLines() {
        Map<String, List<String>> byKind = SystemSummary.resourcesByKind(List.of(
                new ProvisionedResource("s", "Q2", "AWS::SQS::Queue", "http://h/000000000000/b-queue", Outcome.CREATED),
                new ProvisionedResource("s", "Q1", "AWS::SQS::Queue", "http://h/000000000000/a-queue", Outcome.REUSED),
                new ProvisionedResource("s", "T", "AWS::DynamoDB::GlobalTable", "orders", Outcome.CREATED),
                new ProvisionedResource("s", "S", "AWS::SNS::Subscription", "arn:aws:sns:us-east-1:0:t:1", Outcome.CREATED)));

        assertThat(byKind).containsExactly(Map.entry("queues", List.of("a-queue", "b-queue")), Map.entry("tables", List.of("orders")));
    }

    @Test
    void eachScheduledRuleHasALineLikeAMappingWithItsExpressionAndState() {
        String arn = "arn:aws:lambda:us-east-1:000000000000:function:dev-OutboxSweeper";
        var target = new ScheduleRuleSpec.Target("Target0", arn, Optional.empty(), Optional.empty(),
                ScheduleRuleSpec.RetryPolicy.defaults(), Optional.empty());
        Deployment deployment = new Deployment(
                List.of(new FunctionSpec("Sweeper", "dev-OutboxSweeper", arn, "x.Y", "java21", Path.of("code.jar"), 512,
                        Duration.ofSeconds(30), Map.of(), OptionalInt.empty(), AsyncInvokeConfig.defaults())),
                List.of(), List.of(), List.of(), Map.of(), List.of(
                        new ScheduleRuleSpec("Sweep", "dev-outbox-sweep", "arn:aws:events:us-east-1:000000000000:rule/dev-outbox-sweep",
                                "rate(5 minutes)", true, List.of(target)),
                        new ScheduleRuleSpec("Nightly", "dev-nightly", "arn:aws:events:us-east-1:000000000000:rule/dev-nightly",
                                "cron(0 3 ? * MON-FRI *)", false, List.of(target))));

        String summary = SystemSummary.render(deployment, Map.of(), "none");

        assertThat(summary).contains(
                "schedule   rate       dev-outbox-sweep -> dev-OutboxSweeper  rate(5 minutes)" + System.lineSeparator(),
                "schedule   cron       dev-nightly -> dev-OutboxSweeper  cron(0 3 ? * MON-FRI *), disabled" + System.lineSeparator());
    }
}
