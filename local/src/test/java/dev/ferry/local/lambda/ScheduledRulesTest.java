package dev.ferry.local.lambda;

import static dev.ferry.local.lambda.testing.Functions.arn;
import static dev.ferry.local.lambda.testing.Functions.env;
import static dev.ferry.local.lambda.testing.Functions.function;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.local.deployment.AsyncInvokeConfig;
import dev.ferry.local.deployment.Deployment;
import dev.ferry.local.deployment.FunctionSpec;
import dev.ferry.local.deployment.ScheduleRuleSpec;
import dev.ferry.local.deployment.ScheduleRuleSpec.RetryPolicy;
import dev.ferry.local.deployment.ScheduleRuleSpec.Target;
import dev.ferry.local.faults.FaultPlan;
import dev.ferry.local.lambda.testing.FunctionAssets;
import dev.ferry.local.lambda.testing.Functions;
import dev.ferry.local.lambda.testing.OutputFiles;
import dev.ferry.local.schedule.RuleFiring;
import dev.ferry.local.schedule.RuleStats;
import dev.ferry.local.schedule.ScheduleTiming;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scheduled EventBridge rules in the runtime: the target function is invoked asynchronously with
 * EventBridge's scheduled event, on schedule (a short overridden period here) and on demand.
 */
class ScheduledRulesTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private static String ruleArn(String name) {
        return "arn:aws:events:us-east-1:000000000000:rule/" + name;
    }

    private static ScheduleRuleSpec rule(String name, String expression, boolean enabled, Target... targets) {
        return new ScheduleRuleSpec(name, name, ruleArn(name), expression, enabled, List.of(targets));
    }

    private static Target target(String function) {
        return new Target("Target0", arn(function), Optional.empty(), Optional.empty(), RetryPolicy.defaults(), Optional.empty());
    }

    private LambdaRuntime start(ScheduleTiming timing, List<FunctionSpec> functions, ScheduleRuleSpec... rules) {
        Deployment deployment = new Deployment(functions, List.of(), List.of(), List.of(), Map.of(), List.of(rules));
        return LambdaRuntime.builder(deployment).faults(FaultPlan.none())
                .settings(RuntimeSettings.defaults().withAllDelays(Duration.ofMillis(50)).withScheduleTiming(timing)
                        .withLog(new PrintStream(OutputStream.nullOutputStream())))
                .start();
    }

    private FunctionSpec recorder(String name) {
        return function(name, "ScheduledEventRecorder", FunctionAssets.directory(tmp, false), env(tmp));
    }

    @Test
    void aRuleFiredOnDemandInvokesItsFunctionAsynchronouslyWithEventBridgesScheduledEvent() throws Exception {
        try (LambdaRuntime runtime = start(ScheduleTiming.manual(), List.of(recorder("outbox-sweeper")),
                rule("sweep", "rate(5 minutes)", true, target("outbox-sweeper")))) {
            Instant before = Instant.now();

            RuleFiring firing = runtime.fireRule("sweep");

            assertThat(runtime.awaitAsyncIdle(PATIENCE)).isTrue();
            List<String> lines = OutputFiles.linesStartingWith(tmp, "outbox-sweeper", "scheduled|");
            assertThat(lines).hasSize(1);
            String[] seen = lines.getFirst().split("\\|");
            // The event as aws-lambda-java-events' ScheduledEvent reads it.
            assertThat(seen[1]).isEqualTo(firing.eventId());
            assertThat(seen[2]).isEqualTo("Scheduled Event");
            assertThat(seen[3]).isEqualTo("aws.events");
            assertThat(seen[4]).isEqualTo("000000000000");
            assertThat(seen[5]).isEqualTo("us-east-1");
            assertThat(seen[6]).isEqualTo(ruleArn("sweep"));
            assertThat(Instant.ofEpochMilli(Long.parseLong(seen[7]))).isEqualTo(firing.time())
                    .isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            assertThat(seen[8]).isEqualTo("{}");
            assertThat(firing.requestIds()).containsExactly(seen[9]);
            assertThat(runtime.schedules().stats()).singleElement().satisfies(s -> {
                assertThat(s.fires()).isEqualTo(1);
                assertThat(s.nextFire()).as("manual timing: nothing fires on its own").isEmpty();
            });
        }
    }

    @Test
    void theFunctionReceivesExactlyTheScheduledEventOrItsTargetsInput() throws Exception {
        FunctionSpec raw = function("raw", "RawEventRecorder", FunctionAssets.jar(tmp), env(tmp));
        Target event = new Target("Event", arn("raw"), Optional.empty(), Optional.empty(), RetryPolicy.defaults(), Optional.empty());
        Target constant = new Target("Constant", arn("raw"), Optional.of("{\"batchSize\":25}"), Optional.empty(),
                RetryPolicy.defaults(), Optional.empty());
        try (LambdaRuntime runtime = start(ScheduleTiming.manual(), List.of(raw), rule("sweep", "rate(1 hour)", true, event, constant))) {
            RuleFiring firing = runtime.fireRule(ruleArn("sweep"));
            assertThat(runtime.awaitAsyncIdle(PATIENCE)).isTrue();

            List<String> payloads = OutputFiles.linesStartingWith(tmp, "raw", "raw|").stream().map(l -> l.substring(4)).toList();
            assertThat(payloads).hasSize(2).contains("{\"batchSize\":25}");
            JsonNode scheduled = Json.MAPPER.readTree(payloads.stream().filter(p -> !p.contains("batchSize")).findFirst().orElseThrow());
            assertThat(Json.MAPPER.readTree("""
                    {"version":"0","id":"%s","detail-type":"Scheduled Event","source":"aws.events","account":"000000000000",
                     "time":"%s","region":"us-east-1","resources":["%s"],"detail":{}}"""
                    .formatted(firing.eventId(), firing.time(), ruleArn("sweep")))).isEqualTo(scheduled);
        }
    }

    @Test
    void withAShortOverriddenPeriodAnEnabledRuleFiresRepeatedlyAndADisabledOneNever() {
        try (LambdaRuntime runtime = start(ScheduleTiming.every(Duration.ofMillis(100)),
                List.of(recorder("outbox-sweeper"), recorder("paused-sweeper")),
                rule("sweep", "rate(5 minutes)", true, target("outbox-sweeper")),
                rule("paused", "rate(5 minutes)", false, target("paused-sweeper")))) {

            // Both rules have the same period: three fires of the enabled one are ample chance for the other.
            await().atMost(PATIENCE).until(() -> OutputFiles.linesStartingWith(tmp, "outbox-sweeper", "scheduled|").size() >= 3);

            assertThat(OutputFiles.lines(tmp, "paused-sweeper")).isEmpty();
            RuleStats paused = runtime.schedules().stats().stream().filter(s -> s.ruleName().equals("paused")).findFirst().orElseThrow();
            assertThat(paused.fires()).isZero();
            assertThat(paused.nextFire()).isEmpty();
            assertThatThrownBy(() -> runtime.fireRule("paused")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("DISABLED");
            // Distinct events: each firing has its own id.
            assertThat(OutputFiles.linesStartingWith(tmp, "outbox-sweeper", "scheduled|").stream()
                    .map(l -> l.split("\\|")[1]).distinct().count()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void closingTheRuntimeStopsItsScheduler() {
        LambdaRuntime runtime = start(ScheduleTiming.every(Duration.ofMillis(100)), List.of(recorder("outbox-sweeper")),
                rule("sweep", "rate(1 minute)", true, target("outbox-sweeper")));
        await().atMost(PATIENCE).until(() -> runtime.schedules().stats().getFirst().fires() >= 1);

        runtime.close();

        assertThat(runtime.schedules().stopped()).isTrue();
        assertThat(runtime.schedules().stats().getFirst().nextFire()).isEmpty();
        assertThatThrownBy(() -> runtime.fireRule("sweep")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFunctionErrorIsRetriedByLambdasAsyncConfigNotByTheRulesRetryPolicy() throws Exception {
        FunctionSpec failing = Functions.withAsync(function("flaky-sweeper", "FailingHandler", FunctionAssets.jar(tmp), env(tmp)),
                new AsyncInvokeConfig(1, Duration.ofHours(6), Optional.empty(), Optional.empty()));
        Target noRetries = new Target("T", arn("flaky-sweeper"), Optional.of("{\"orderId\":\"sweep\"}"), Optional.empty(),
                new RetryPolicy(0, Duration.ofMinutes(1)), Optional.empty());
        try (LambdaRuntime runtime = start(ScheduleTiming.manual(), List.of(failing), rule("sweep", "rate(1 hour)", true, noRetries))) {
            RuleFiring firing = runtime.fireRule("sweep");
            assertThat(runtime.awaitAsyncIdle(PATIENCE)).isTrue();

            // EventBridge's delivery succeeded (Lambda accepted the event); Lambda ran it once and retried once.
            assertThat(firing.requestIds()).hasSize(1);
            assertThat(OutputFiles.lines(tmp, "flaky-sweeper")).containsExactly(
                    "attempt " + firing.requestIds().getFirst(), "attempt " + firing.requestIds().getFirst());
            assertThat(runtime.droppedAsyncEvents()).isEqualTo(1);
        }
    }

    @Test
    void aRuleWhoseTargetIsNotADeployedFunctionFailsTheStartNamingIt() {
        assertThatThrownBy(() -> start(ScheduleTiming.manual(), List.of(recorder("outbox-sweeper")),
                rule("sweep", "rate(1 hour)", true, target("gone"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(arn("gone"))
                .hasMessageContaining("outbox-sweeper");
    }

    @Test
    void theSummaryListsEachRuleWithItsScheduleAndFunction() {
        try (LambdaRuntime runtime = start(ScheduleTiming.manual(), List.of(recorder("outbox-sweeper")),
                rule("sweep", "rate(5 minutes)", true, target("outbox-sweeper")),
                rule("nightly", "cron(0 3 ? * MON-FRI *)", false, target("outbox-sweeper")))) {
            assertThat(runtime.summary())
                    .contains("schedule rate(5 minutes) sweep -> outbox-sweeper" + System.lineSeparator())
                    .contains("schedule cron(0 3 ? * MON-FRI *) nightly -> outbox-sweeper  (disabled)");
        }
    }
}
