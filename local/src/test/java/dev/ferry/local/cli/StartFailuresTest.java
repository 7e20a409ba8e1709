package dev.ferry.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.dynamodb.DynamoDbEmulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The start-up failures a user can cause, each answered with what happened and what to do, in a line or two and no
 * stack trace: a busy port, an endpoint that does not answer, an endpoint that already holds resources of the app's
 * names, a damaged state file.
 */
class StartFailuresTest {
    @TempDir
    Path home;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CountDownLatch stop = new CountDownLatch(1);

    private int ferry(String... args) {
        return new FerryCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), stop,
                home, Map.of()).run(args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** An app with one table, {@code test-accounts}. */
    private void writeApp() throws Exception {
        Path assembly = Files.createDirectories(home.resolve("cdk.out"));
        Files.writeString(assembly.resolve("test-stack.template.json"), """
                {"Resources": {"Table": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "test-accounts",
                  "BillingMode": "PAY_PER_REQUEST", "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                  "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}}}}""");
        Files.writeString(assembly.resolve("manifest.json"), """
                {"version": "48.0.0", "artifacts": {"test-stack": {"type": "aws:cloudformation:stack",
                 "environment": "aws://unknown-account/unknown-region", "properties": {"templateFile": "test-stack.template.json"}}}}""");
    }

    private static void assertNoStackTrace(String text) {
        assertThat(text).doesNotContain("\tat ").doesNotContain("Exception:").doesNotContainPattern("(?m)^\\s+at [a-z]");
    }

    @Test
    void aBusyDataPlanePortIsNamedInOneLine() throws Exception {
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int sqs = squatter.getLocalPort();

            assertThat(ferry("up", "--data-plane-only", "--port", Integer.toString(sqs - 1))).isEqualTo(1);

            // The ports beside the squatted one are ephemeral too: another test's server may hold one of them as well,
            // which the same line then names beside it.
            assertThat(err()).startsWith("ferry: port").contains(sqs + " (SQS)")
                    .contains(" already in use: pick another --port N (it uses N to N+8, here " + (sqs - 1) + " to " + (sqs + 7) + "), stop what holds ")
                    .endsWith(", or leave --port out to get free ports" + System.lineSeparator())
                    .hasLineCount(1);
        }
    }

    @Test
    void anEndpointThatDoesNotAnswerIsSaidToBeUnreachableBeforeAnythingIsProvisioned() throws Exception {
        writeApp();
        int closed;
        try (ServerSocket probe = new ServerSocket(0)) {
            closed = probe.getLocalPort();
        }
        long started = System.nanoTime();

        assertThat(ferry("up", "--endpoint", "http://127.0.0.1:" + closed)).isEqualTo(1);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        assertThat(err()).contains("ferry: could not start the system: the endpoint http://127.0.0.1:" + closed + " cannot be reached: "
                + "nothing listens on 127.0.0.1:" + closed).contains("Start it (e.g. LocalStack");
        assertNoStackTrace(err());
        assertThat(UpState.file(home)).doesNotExist();
    }

    @Test
    void anEndpointThatHoldsTheAppsTablesAlreadyIsRefusedUnlessReuseIsGiven() throws Exception {
        writeApp();
        try (DynamoDbEmulator endpoint = DynamoDbEmulator.start();
             DynamoDbClient dynamodb = DynamoDbClient.builder().endpointOverride(endpoint.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            dynamodb.createTable(t -> t.tableName("test-accounts").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));

            assertThat(ferry("up", "--endpoint", endpoint.endpoint().toString())).isEqualTo(1);

            assertThat(err()).contains("ferry: " + endpoint.endpoint() + " already holds 1 of the app's resources (table test-accounts): "
                    + "another system's, or an earlier 'ferry up --endpoint''s. Nothing was created. Pass --reuse to run on them");
            assertNoStackTrace(err());

            err.reset();
            CompletableFuture<Integer> reused = CompletableFuture.supplyAsync(() -> ferry("up", "--endpoint", endpoint.endpoint().toString(),
                    "--reuse"), command -> Thread.ofPlatform().daemon().start(command));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!out.toString(StandardCharsets.UTF_8).contains("ready") && !reused.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            stop.countDown();
            assertThat(reused.get(30, TimeUnit.SECONDS)).as(err()).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("tables\\s+1  test-accounts");
        }
    }

    @Test
    void reuseWithoutAnEndpointIsAUsageError() {
        assertThat(ferry("up", "--reuse")).isEqualTo(2);

        assertThat(err()).contains("--reuse is for --endpoint");
    }

    @Test
    void aDamagedStateFileIsReportedByEveryCommandThatReadsItWithWhatToDo() throws Exception {
        Files.createDirectories(UpState.file(home).getParent());
        Files.writeString(UpState.file(home), "{\"pid\": ");

        for (String command : new String[] {"demo", "dlq", "load", "down", "logs"}) {
            err.reset();
            assertThat(ferry(command)).as(command).isEqualTo(1);
            assertThat(err()).as(command).contains("ferry: the state file " + UpState.file(home) + " is unreadable")
                    .contains("delete it and start './ferry up' again");
            assertNoStackTrace(err());
        }
        err.reset();
        assertThat(ferry("status")).isEqualTo(1);
        assertThat(err()).contains("is unreadable").contains("no './ferry up' is running");
    }

    @Test
    void upReplacesADamagedStateFileOfItsNameAndSaysSo() throws Exception {
        Files.createDirectories(UpState.file(home).getParent());
        Files.writeString(UpState.file(home), "{\"pid\": ");

        CompletableFuture<Integer> up = CompletableFuture.supplyAsync(() -> ferry("up", "--data-plane-only"),
                command -> Thread.ofPlatform().daemon().start(command));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!out.toString(StandardCharsets.UTF_8).contains("ready") && !up.isDone() && System.nanoTime() < deadline) Thread.sleep(20);

        assertThat(UpState.readLive(UpState.file(home))).isPresent();
        stop.countDown();
        assertThat(up.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(err()).contains("ferry: .ferry/default/up.json was unreadable; it is replaced when this up is ready");
    }
}
