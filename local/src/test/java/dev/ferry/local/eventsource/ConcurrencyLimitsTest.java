package dev.ferry.local.eventsource;

import static dev.ferry.local.lambda.testing.Functions.arn;
import static dev.ferry.local.lambda.testing.Functions.env;
import static dev.ferry.local.lambda.testing.Functions.function;
import static dev.ferry.local.lambda.testing.Functions.sqsMapping;
import static dev.ferry.local.lambda.testing.Functions.withMaximumConcurrency;
import static dev.ferry.local.lambda.testing.Functions.withReserved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.local.deployment.EventSourceMappingSpec;
import dev.ferry.local.deployment.FunctionSpec;
import dev.ferry.local.faults.FaultPlan;
import dev.ferry.local.lambda.FunctionStats;
import dev.ferry.local.lambda.InvokeResult;
import dev.ferry.local.lambda.Json;
import dev.ferry.local.lambda.LambdaRuntime;
import dev.ferry.local.lambda.RuntimeSettings;
import dev.ferry.local.lambda.testing.FunctionAssets;
import dev.ferry.local.lambda.testing.Functions;
import dev.ferry.local.lambda.testing.OutputFiles;
import dev.ferry.local.lambda.testing.Spans;
import dev.ferry.local.sqs.SqsService;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The limits that level a burst: an SQS mapping runs at most {@code MaximumConcurrency} batches at once
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html#events-sqs-max-concurrency), and a function
 * never runs more invocations at once than its reserved concurrency; Lambda refuses the rest with a throttle
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html). Overlap is counted from the times the
 * function itself recorded, and compared with what the runtime reports.
 */
class ConcurrencyLimitsTest {
    static SqsService sqsService;
    static SqsClient sqs;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startSqs() {
        sqsService = SqsService.start();
        sqs = SqsClient.builder().endpointOverride(sqsService.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterAll
    static void stopSqs() {
        sqs.close();
        sqsService.close();
    }

    record Queue(String url, String arn) {}

    private LambdaRuntime start(List<FunctionSpec> functions, List<EventSourceMappingSpec> mappings) {
        return LambdaRuntime.builder(Functions.deployment(functions, mappings, List.of(), List.of()))
                .endpoints(sqsService.endpoints()).faults(FaultPlan.none())
                .settings(RuntimeSettings.defaults().withAllDelays(Duration.ofMillis(50)).withSqsWaitTime(Duration.ofSeconds(1))
                        .withLog(new PrintStream(OutputStream.nullOutputStream())))
                .start();
    }

    /** A queue whose messages come back 2 s after a batch that did not delete them (a throttled one). */
    private static Queue queue(String prefix) {
        String url = sqs.createQueue(b -> b.queueName(prefix + "-" + UUID.randomUUID().toString().substring(0, 8))
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "2"))).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return new Queue(url, arn);
    }

    private static void send(Queue q, String prefix, int count) {
        for (int i = 1; i <= count; i++) {
            int n = i;
            sqs.sendMessage(b -> b.queueUrl(q.url()).messageBody(prefix + "-" + n));
        }
    }

    /** The bodies of the messages the probe was invoked with, over every span it recorded. */
    private List<String> bodies(String function) {
        List<String> bodies = new ArrayList<>();
        for (String payload : Spans.payloads(OutputFiles.linesStartingWith(tmp, function, "span|"))) {
            try {
                for (JsonNode record : Json.MAPPER.readTree(payload).get("Records")) {
                    bodies.add(record.get("body").asText());
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return bodies;
    }

    private static FunctionStats stats(LambdaRuntime runtime, String function) {
        return runtime.functionStats().stream().filter(s -> s.functionName().equals(function)).findFirst().orElseThrow();
    }

    private static List<String> numbered(String prefix, int count) {
        List<String> all = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            all.add(prefix + "-" + i);
        }
        return all;
    }

    @Test
    void anSqsMappingNeverRunsMoreBatchesAtOnceThanItsMaximumConcurrency() {
        Queue q = queue("burst");
        send(q, "job", 24);
        FunctionSpec probe = function("probe", "ConcurrencyProbe", FunctionAssets.jar(tmp), env(tmp, "PAUSE_MILLIS", "150"));
        Instant began = Instant.now();
        try (LambdaRuntime runtime = start(List.of(probe),
                List.of(withMaximumConcurrency(sqsMapping("m", "probe", q.arn(), 1, false, List.of()), 3)));
             MappingPollers mappings = MappingPollers.start(runtime, Optional.empty())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> bodies("probe").size() >= 24);

            assertThat(mappings.stats(began).getFirst().peakConcurrentBatches()).as("the mapping's count").isBetween(2, 3);
            assertThat(stats(runtime, "probe").peakConcurrentExecutions()).as("the function's count").isBetween(2, 3);
            assertThat(stats(runtime, "probe").throttles()).isZero();
        }
        List<String> spans = OutputFiles.linesStartingWith(tmp, "probe", "span|");
        assertThat(Spans.peakOverlap(spans)).as("batches that overlapped, by the function's own clock").isBetween(2, 3);
        assertThat(bodies("probe")).containsExactlyInAnyOrderElementsOf(numbered("job", 24));
    }

    @Test
    void aReservedConcurrencyBelowTheMaximumConcurrencyCapsTheMappingWithoutThrottling() {
        Queue q = queue("reserved");
        send(q, "job", 16);
        FunctionSpec probe = withReserved(function("capped", "ConcurrencyProbe", FunctionAssets.jar(tmp),
                env(tmp, "PAUSE_MILLIS", "100")), 2);
        try (LambdaRuntime runtime = start(List.of(probe),
                List.of(withMaximumConcurrency(sqsMapping("m", "capped", q.arn(), 1, false, List.of()), 5)));
             MappingPollers mappings = MappingPollers.start(runtime, Optional.empty())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> bodies("capped").size() >= 16);

            assertThat(stats(runtime, "capped").peakConcurrentExecutions()).isLessThanOrEqualTo(2);
            assertThat(stats(runtime, "capped").throttles()).as("pollers sized to the reservation make no throttled batches").isZero();
        }
        assertThat(Spans.peakOverlap(OutputFiles.linesStartingWith(tmp, "capped", "span|"))).isLessThanOrEqualTo(2);
        assertThat(bodies("capped")).containsExactlyInAnyOrderElementsOf(numbered("job", 16));
    }

    @Test
    void twoQueuesFeedingOneFunctionShareItsReservedConcurrencyAndThrottledBatchesComeBackLater() {
        Queue first = queue("first");
        Queue second = queue("second");
        send(first, "a", 8);
        send(second, "b", 8);
        FunctionSpec probe = withReserved(function("shared", "ConcurrencyProbe", FunctionAssets.jar(tmp),
                env(tmp, "PAUSE_MILLIS", "100")), 3);
        try (LambdaRuntime runtime = start(List.of(probe), List.of(
                withMaximumConcurrency(sqsMapping("m1", "shared", first.arn(), 1, false, List.of()), 3),
                withMaximumConcurrency(sqsMapping("m2", "shared", second.arn(), 1, false, List.of()), 3)));
             MappingPollers mappings = MappingPollers.start(runtime, Optional.empty())) {
            await().atMost(Duration.ofSeconds(90)).until(() -> bodies("shared").size() >= 16);

            assertThat(stats(runtime, "shared").peakConcurrentExecutions()).isLessThanOrEqualTo(3);
        }
        assertThat(Spans.peakOverlap(OutputFiles.linesStartingWith(tmp, "shared", "span|"))).isLessThanOrEqualTo(3);
        List<String> expected = new ArrayList<>(numbered("a", 8));
        expected.addAll(numbered("b", 8));
        assertThat(bodies("shared")).as("a throttled batch is not lost: it returns after the visibility timeout")
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void invocationsBeyondTheReservedConcurrencyAreRefusedWhileTheReservationIsBusy() throws Exception {
        Path gate = tmp.resolve("gate");
        FunctionSpec probe = withReserved(function("gated", "ConcurrencyProbe", FunctionAssets.jar(tmp),
                env(tmp, "GATE_FILE", gate.toString())), 3);
        try (LambdaRuntime runtime = start(List.of(probe), List.of());
             MappingPollers mappings = MappingPollers.start(runtime, Optional.empty())) {
            List<CompletableFuture<InvokeResult>> held = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int n = i;
                held.add(CompletableFuture.supplyAsync(() -> runtime.invoke(arn("gated"), "{\"held\":" + n + "}")));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> stats(runtime, "gated").concurrentExecutions() == 3);

            List<InvokeResult> refused = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                refused.add(runtime.invoke(arn("gated"), "{\"extra\":" + i + "}"));
            }
            Files.createFile(gate);
            for (CompletableFuture<InvokeResult> h : held) {
                assertThat(h.get()).isInstanceOf(InvokeResult.Success.class);
            }

            assertThat(refused).allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(InvokeResult.Throttled.class,
                    t -> assertThat(t.reason()).isEqualTo("ReservedFunctionConcurrentInvocationLimitExceeded")));
            FunctionStats s = stats(runtime, "gated");
            assertThat(s.throttles()).isEqualTo(5);
            assertThat(s.peakConcurrentExecutions()).isEqualTo(3);
            assertThat(s.concurrentExecutions()).isZero();
        }
        assertThat(OutputFiles.linesStartingWith(tmp, "gated", "span|")).hasSize(3);
    }
}
