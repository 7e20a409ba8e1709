package dev.ferry.local.cli;

import static dev.ferry.local.lambda.testing.Functions.arn;
import static dev.ferry.local.lambda.testing.Functions.env;
import static dev.ferry.local.lambda.testing.Functions.function;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.local.cost.LedgerSnapshot;
import dev.ferry.local.cost.Meter;
import dev.ferry.local.eventsource.MappingPollers;
import dev.ferry.local.faults.FaultPlan;
import dev.ferry.local.lambda.LambdaRuntime;
import dev.ferry.local.lambda.RuntimeSettings;
import dev.ferry.local.lambda.testing.FunctionAssets;
import dev.ferry.local.lambda.testing.Functions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime's counters as {@code up} serves them to {@code ferry load}. */
class StatsServerTest {
    @TempDir
    Path tmp;

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aFunctionsCountersPeakAndReservationAreServedAsJson() throws Exception {
        var probe = Functions.withReserved(function("probe", "SleepyHandler", FunctionAssets.jar(tmp), env(tmp)), 2);
        try (LambdaRuntime runtime = LambdaRuntime.builder(Functions.functionsOnly(probe)).endpoints(Map.of()).faults(FaultPlan.none())
                .settings(RuntimeSettings.defaults().withLog(new PrintStream(OutputStream.nullOutputStream()))).start();
             MappingPollers mappings = MappingPollers.start(runtime, Optional.empty());
             StatsServer stats = StatsServer.start(runtime, mappings, 0)) {
            runtime.invoke(arn("probe"), "5");
            runtime.invoke(arn("probe"), "5");

            HttpResponse<String> all = get(stats.url());
            assertThat(all.statusCode()).isEqualTo(200);
            JsonNode f = new ObjectMapper().readTree(all.body()).get("functions").get(0);
            assertThat(f.get("name").asText()).isEqualTo("probe");
            assertThat(f.get("reservedConcurrency").asInt()).isEqualTo(2);
            assertThat(f.get("invocations").asLong()).isEqualTo(2);
            assertThat(f.get("peakConcurrentExecutions").asInt()).isEqualTo(1);
            assertThat(f.get("concurrentExecutions").asInt()).isZero();

            JsonNode later = new ObjectMapper().readTree(get(URI.create(stats.url() + "?since="
                    + Instant.now().plusSeconds(5))).body());
            assertThat(later.get("functions").get(0).get("peakConcurrentExecutions").asInt()).as("nothing ran after since").isZero();

            HttpResponse<String> bad = get(URI.create(stats.url() + "?since=yesterday"));
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("since must be an ISO-8601 instant");
            assertThat(get(URI.create(stats.url().toString().replace("/stats", "/other"))).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aFunctionsInitDurationIsServedOnceItHasHadAnInit() throws Exception {
        var probe = function("probe", "SleepyHandler", FunctionAssets.jar(tmp), env(tmp));
        try (LambdaRuntime runtime = LambdaRuntime.builder(Functions.functionsOnly(probe)).endpoints(Map.of()).faults(FaultPlan.none())
                .settings(RuntimeSettings.defaults().withLog(new PrintStream(OutputStream.nullOutputStream()))).start();
             MappingPollers mappings = MappingPollers.start(runtime, Optional.empty());
             StatsServer stats = StatsServer.start(runtime, mappings, 0)) {
            assertThat(new ObjectMapper().readTree(get(stats.url()).body()).get("functions").get(0).get("initDurationMillis").isNull())
                    .as("no init yet").isTrue();
            runtime.invoke(arn("probe"), "5");

            JsonNode f = new ObjectMapper().readTree(get(stats.url()).body()).get("functions").get(0);
            assertThat(f.get("initDurationMillis").asDouble()).isEqualTo(runtime.initStats().getFirst().first().orElseThrow().toNanos() / 1e6);
        }
    }

    @Test
    void theLedgerOfBillableRequestsIsServedForFerryCost() throws Exception {
        var probe = function("probe", "SleepyHandler", FunctionAssets.jar(tmp), env(tmp));
        try (LambdaRuntime runtime = LambdaRuntime.builder(Functions.functionsOnly(probe)).endpoints(Map.of()).faults(FaultPlan.none())
                .settings(RuntimeSettings.defaults().withLog(new PrintStream(OutputStream.nullOutputStream()))).start();
             MappingPollers mappings = MappingPollers.start(runtime, Optional.empty());
             StatsServer stats = StatsServer.start(runtime, mappings, 0)) {
            runtime.invoke(arn("probe"), "5");
            runtime.invoke(arn("probe"), "5");

            HttpResponse<String> cost = get(URI.create(stats.url().toString().replace(StatsServer.PATH, StatsServer.COST_PATH)));

            assertThat(cost.statusCode()).isEqualTo(200);
            LedgerSnapshot ledger = LedgerSnapshot.fromJson(new ObjectMapper().readTree(cost.body()));
            assertThat(ledger.count(Meter.LAMBDA_REQUESTS, "probe")).isEqualTo(2);
            // each invocation slept 5 ms: at least 5 billed milliseconds of the configured memory
            assertThat(ledger.count(Meter.LAMBDA_DURATION, "probe")).isGreaterThanOrEqualTo(2L * 5 * probe.memoryMb());
            assertThat(ledger.ordersPlaced()).isZero();
        }
    }
}
