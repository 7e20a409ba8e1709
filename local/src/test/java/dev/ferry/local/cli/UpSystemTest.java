package dev.ferry.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry up} on a small hand-written cloud assembly (a table, a queue and its dead-letter queue, no
 * functions): the real composition of data plane and provisioning, its summary, the state file through which
 * {@code dlq} finds it, and a clean stop. The Ferry app itself is the end-to-end module's.
 */
class UpSystemTest {
    @TempDir
    Path home;

    private static final String TEMPLATE = """
            {"Resources": {
              "Dlq": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "test-orders-dlq"}},
              "Orders": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "test-orders",
                "RedrivePolicy": {"deadLetterTargetArn": {"Fn::GetAtt": ["Dlq", "Arn"]}, "maxReceiveCount": 3}}},
              "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "test-accounts",
                "BillingMode": "PAY_PER_REQUEST",
                "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}}}}""";

    @Test
    void upProvisionsTheAppSummarizesItPublishesItsStateAndRemovesItOnStop() throws Exception {
        Path assembly = Files.createDirectories(home.resolve("cdk.out"));
        Files.writeString(assembly.resolve("test-stack.template.json"), TEMPLATE);
        Files.writeString(assembly.resolve("manifest.json"), """
                {"version": "48.0.0", "artifacts": {"test-stack": {"type": "aws:cloudformation:stack",
                 "environment": "aws://unknown-account/unknown-region", "properties": {"templateFile": "test-stack.template.json"}}}}""");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CountDownLatch stop = new CountDownLatch(1);
        FerryCli up = new FerryCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                stop, home, Map.of());

        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> up.run(new String[] {"up"}));
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!out.toString(StandardCharsets.UTF_8).contains("ready") && !exit.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        String summary = out.toString(StandardCharsets.UTF_8);
        assertThat(summary).as(err.toString(StandardCharsets.UTF_8)).endsWith("ready" + System.lineSeparator());
        assertThat(summary).contains("API        none (the app deploys no REST API)")
                .containsPattern("queues\\s+2  test-orders, test-orders-dlq")
                .containsPattern("tables\\s+1  test-accounts")
                .containsPattern("export AWS_ENDPOINT_URL_SQS=http://127\\.0\\.0\\.1:\\d+")
                .containsPattern("export AWS_ENDPOINT_URL_KINESIS=.*\\R" + "export AWS_ENDPOINT_URL_LAMBDA=http://127\\.0\\.0\\.1:\\d+\\R"
                        + "export AWS_REGION=");
        UpState state = UpState.readLive(UpState.file(home)).orElseThrow();
        assertThat(state.environment()).containsKey("AWS_ENDPOINT_URL_LAMBDA");
        assertThat(state.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(state.apiUrl()).isEmpty();
        assertThat(summary).containsPattern("stats      http://127\\.0\\.0\\.1:\\d+/stats");
        java.util.regex.Matcher console = java.util.regex.Pattern.compile("console    (http://127\\.0\\.0\\.1:\\d+/)  \\(").matcher(summary);
        assertThat(console.find()).as("the console's URL beside the API's").isTrue();
        var page = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(console.group(1))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("<title>Ferry console</title>").contains("console.js");
        var topology = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(console.group(1) + "api/topology")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(topology.body()).contains("\"from\":\"queue:test-orders\",\"to\":\"queue:test-orders-dlq\",\"kind\":\"dead-letter\"")
                .contains("\"id\":\"table:test-accounts\"");
        var switched = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(console.group(1) + "api/faults")).POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                "{\"duplicate\": 0.5, \"ddb-throttle\": 0.25}")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(switched.statusCode()).as(switched.body()).isEqualTo(200);
        assertThat(switched.body()).contains("\"duplicate\":0.5").contains("\"ddb-throttle\":0.25");
        var refused = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(console.group(1) + "api/faults")).POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                "{\"duplicate\": 2}")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("the rate of duplicate must be between 0 and 1, not 2.0");
        var stats = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(state.statsUrl().orElseThrow() + "?since=2026-01-01T00:00:00Z")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(stats.statusCode()).isEqualTo(200);
        assertThat(stats.body()).contains("\"functions\":[]").contains("\"mappings\":[]").contains("\"since\":\"2026-01-01T00:00:00Z\"");

        ByteArrayOutputStream dlqOut = new ByteArrayOutputStream();
        int dlq = new FerryCli(new PrintStream(dlqOut, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new CountDownLatch(1), home, Map.of()).run(new String[] {"dlq"});
        assertThat(dlq).isZero();
        assertThat(dlqOut.toString(StandardCharsets.UTF_8)).containsPattern("test-orders-dlq\\s+0\\s+test-orders");

        stop.countDown();
        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(UpState.file(home)).doesNotExist();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("ferry: up in").contains("ferry: stopped");
    }

    @Test
    void eachStartUpPhaseIsReportedWithItsDurationAsItEnds() throws Exception {
        writeAssembly();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CountDownLatch stop = new CountDownLatch(1);
        FerryCli up = new FerryCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                stop, home, Map.of());

        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> up.run(new String[] {"up"}));
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!err.toString(StandardCharsets.UTF_8).contains("after ready") && !exit.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        stop.countDown();
        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();

        // `ready` once the runtime serves: the functions warm up after it, and say so when they are done.
        assertThat(err.toString(StandardCharsets.UTF_8))
                .containsPattern("ferry:   data plane up \\(DynamoDB \\+ Streams, SQS, SNS, Kinesis\\) in \\d+ ms\\R"
                        + "ferry:   provisioned 3 resources from the templates in \\d+ ms\\R"
                        + "ferry:   runtime started: 0 functions, 0 event source mappings, 0 API\\(s\\) in \\d+ ms\\R"
                        + "ferry: up in \\d+ ms \\(data plane \\d+ ms, provisioning \\d+ ms, runtime \\d+ ms, announce \\d+ ms;"
                        + " warm-up in the background\\)\\R")
                .containsPattern("ferry:   0 functions loaded and initialised \\(warm\\) in \\d+ ms, after ready\\R");
        assertThat(out.toString(StandardCharsets.UTF_8)).endsWith("ready" + System.lineSeparator());
    }

    @Test
    void theLaunchIsReportedFromWhenTheScriptStarted() throws Exception {
        writeAssembly();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long launched = System.currentTimeMillis() - 1_000; // ./ferry started a second ago
        FerryCli up = new FerryCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new CountDownLatch(1), home, Map.of(UpCommand.LAUNCH_ENV, Long.toString(launched)));

        int exit = up.run(new String[] {"up", UpCommand.EXIT_WHEN_READY});

        assertThat(exit).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).containsPattern("ferry: up in (\\d+) ms \\(launch (\\d+) ms, data plane");
        var line = java.util.regex.Pattern.compile("up in (\\d+) ms \\(launch (\\d+) ms").matcher(err.toString(StandardCharsets.UTF_8));
        assertThat(line.find()).isTrue();
        assertThat(Long.parseLong(line.group(2))).isBetween(1_000L, Long.parseLong(line.group(1)));
    }

    @Test
    void theTrainingRunOfTheJvmCacheWarmsEveryFunctionBeforeReadyAndExitsAtReady() throws Exception {
        writeAssembly();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        FerryCli up = new FerryCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new CountDownLatch(1), home, Map.of());

        // Nothing counts the stop latch down: --exit-when-ready returns by itself.
        int exit = CompletableFuture.supplyAsync(() -> up.run(new String[] {"up", UpCommand.EXIT_WHEN_READY})).get(90, TimeUnit.SECONDS);

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).endsWith("ready" + System.lineSeparator());
        assertThat(err.toString(StandardCharsets.UTF_8))
                .containsPattern("ferry:   0 functions loaded and initialised \\(warm\\) in \\d+ ms\\R"
                        + "ferry: up in \\d+ ms \\(data plane \\d+ ms, provisioning \\d+ ms, runtime \\d+ ms, warm-up \\d+ ms, announce \\d+ ms\\)")
                .contains("ferry: stopped");
        assertThat(UpState.file(home)).doesNotExist();
    }

    private void writeAssembly() throws Exception {
        Path assembly = Files.createDirectories(home.resolve("cdk.out"));
        Files.writeString(assembly.resolve("test-stack.template.json"), TEMPLATE);
        Files.writeString(assembly.resolve("manifest.json"), """
                {"version": "48.0.0", "artifacts": {"test-stack": {"type": "aws:cloudformation:stack",
                 "environment": "aws://unknown-account/unknown-region", "properties": {"templateFile": "test-stack.template.json"}}}}""");
    }
}
