package dev.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.local.faults.FaultCounters;
import dev.ferry.local.lambda.FunctionStats;
import dev.ferry.local.lambda.LambdaRuntime;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Telemetry is at-most-once: SNS invokes it asynchronously with no retries and no destination. The shared
 * system crashes a share of its invocations ({@link FerryExtension#TELEMETRY_PLAN}); those events are lost
 * and counted, never delivered again.
 */
@ExtendWith(FerryExtension.class)
class TelemetryAtMostOnceIT {

    private final FerrySystem ferry;
    private final Workflow workflow;

    TelemetryAtMostOnceIT(FerrySystem ferry) {
        this.ferry = ferry;
        this.workflow = new Workflow(ferry);
    }

    @Test
    void crashedTelemetryEventsAreLostAndCountedNeverRetried() throws InterruptedException {
        Assumptions.assumeTrue(ferry.target().embedded(), "telemetry reaches the in-process function only through the"
                + " embedded SNS: an external endpoint's SNS cannot invoke a function in this JVM (docs/localstack.md)");
        LambdaRuntime runtime = ferry.runtime();
        // Start from a quiet Telemetry: deliveries caused by earlier tests' requests must not count here.
        assertThat(runtime.awaitAsyncIdle(Duration.ofSeconds(30))).isTrue();
        AtomicLong lastSeen = new AtomicLong(-1);
        await("Telemetry quiet").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(20))
                .until(() -> lastSeen.getAndSet(invocations("Telemetry")) == invocations("Telemetry"));
        long telemetryBefore = invocations("Telemetry");
        long apiBefore = invocations("AccountsApi");
        long droppedBefore = runtime.droppedAsyncEvents();
        FaultCounters faultsBefore = runtime.faultCounters();

        int requests = 20;
        for (int i = 0; i < requests; i++) {
            workflow.openAccount("Telemetry Probe " + i);
        }

        // Every request publishes one RequestServed event: each reaches Telemetry once, crashed or not...
        assertThat(invocations("AccountsApi") - apiBefore).isEqualTo(requests);
        await("one Telemetry invocation per request").atMost(Duration.ofSeconds(20))
                .until(() -> invocations("Telemetry") - telemetryBefore >= requests);
        // ...and no more: with Lambda's retry delays (1 s, 2 s locally) a retry would show up here.
        await("no retries").during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
                .until(() -> invocations("Telemetry") - telemetryBefore == requests);
        assertThat(runtime.awaitAsyncIdle(Duration.ofSeconds(10))).isTrue();

        FaultCounters faults = runtime.faultCounters();
        long crashed = faults.crashesBefore() + faults.crashesAfter() - faultsBefore.crashesBefore() - faultsBefore.crashesAfter();
        assertThat(crashed).as("the fault injector crashed some Telemetry invocations").isPositive();
        assertThat(runtime.droppedAsyncEvents() - droppedBefore).as("every crashed event is counted as lost").isEqualTo(crashed);
    }

    private long invocations(String function) {
        return ferry.runtime().functionStats().stream().filter(s -> s.functionName().equals(ferry.name(function)))
                .mapToLong(FunctionStats::invocations).sum();
    }
}
