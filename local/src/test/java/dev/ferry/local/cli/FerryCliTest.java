package dev.ferry.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class FerryCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CountDownLatch stop = new CountDownLatch(1);
    @TempDir
    Path home;
    private FerryCli cli;

    @BeforeEach
    void cli() {
        cli = new FerryCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                stop, home, Map.of());
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void upPrintsEndpointExportsThenReadyAndServesUntilStopped() throws Exception {
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.run(new String[] {"up", "--data-plane-only"}));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!output().contains("ready") && System.nanoTime() < deadline) Thread.sleep(20);
        String[] lines = output().split("\n");
        assertThat(lines).hasSize(10);
        assertThat(lines[0]).matches("export AWS_ENDPOINT_URL_DYNAMODB=http://127\\.0\\.0\\.1:\\d+");
        assertThat(lines[1]).matches("export AWS_ENDPOINT_URL_DYNAMODB_STREAMS=http://127\\.0\\.0\\.1:\\d+");
        assertThat(lines[2]).matches("export AWS_ENDPOINT_URL_SQS=http://127\\.0\\.0\\.1:\\d+");
        assertThat(lines[3]).matches("export AWS_ENDPOINT_URL_SNS=http://127\\.0\\.0\\.1:\\d+");
        assertThat(lines[4]).matches("export AWS_ENDPOINT_URL_KINESIS=http://127\\.0\\.0\\.1:\\d+");
        assertThat(lines).contains("export AWS_REGION=us-east-1");
        assertThat(lines[9]).isEqualTo("ready");
        assertThat(UpState.readLive(UpState.file(home)).orElseThrow().environment())
                .containsEntry("AWS_ENDPOINT_URL_DYNAMODB", lines[0].substring(lines[0].indexOf('=') + 1));
        URI endpoint = URI.create(lines[0].substring(lines[0].indexOf('=') + 1));
        try (DynamoDbClient client = DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            assertThat(client.listTables().tableNames()).isEmpty();
        }
        stop.countDown();
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("stopped");
        assertThat(UpState.file(home)).doesNotExist();
    }

    @Test
    void badPortIsRejected() {
        assertThat(cli.run(new String[] {"up", "--data-plane-only", "--port", "seventy"})).isEqualTo(2);
        assertThat(cli.run(new String[] {"up", "--data-plane-only", "--port"})).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--port needs a number");
    }

    @Test
    void unknownCommandPrintsUsage() {
        assertThat(cli.run(new String[] {"sail"})).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: ferry up");
    }

    @Test
    void everyCommandAnswersHelpWithItsOwnUsageAndOptions() {
        for (String command : new String[] {"up", "status", "down", "logs", "demo", "load", "dlq"}) {
            out.reset();
            assertThat(cli.run(new String[] {command, "--help"})).as(command).isZero();
            assertThat(output()).as(command).startsWith("usage: ferry " + command + " ").contains("--name N").contains("-h, --help");
        }
        out.reset();
        assertThat(cli.run(new String[] {"up", "-h"})).isZero();
        assertThat(output()).contains("--port N").contains("--faults SPEC").contains("--data-plane-only")
                .doesNotContain(UpCommand.EXIT_WHEN_READY);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void helpListsEveryCommandWithItsSynopsis() {
        assertThat(cli.run(new String[] {"--help"})).isZero();
        assertThat(output()).startsWith("usage: ferry up ").contains("ferry status [-h] [--name N]")
                .contains("ferry dlq ").contains("ferry load ").contains("ferry logs ").contains("ferry down ").contains("ferry demo ");
        out.reset();
        assertThat(cli.run(new String[] {"help", "load"})).isZero();
        assertThat(output()).startsWith("usage: ferry load ").contains("--rate R/s");
    }

    @Test
    void anUnknownOptionIsOneLineNamingItThenTheCommandsUsageAndExitCode2() {
        assertThat(cli.run(new String[] {"status", "--loud"})).isEqualTo(2);

        String[] lines = err.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[0]).isEqualTo("ferry: unknown option '--loud' for 'status'");
        assertThat(lines[1]).isEqualTo("usage: ferry status [-h] [--name N]");
        assertThat(lines[2]).isEqualTo("'ferry status --help' lists its options");
        assertThat(lines).hasSize(3);
        assertThat(output()).isEmpty();
    }

    @Test
    void anOptionWithoutItsValueSaysWhatTheValueIs() {
        assertThat(cli.run(new String[] {"load", "--orders", "--rate", "5"})).isEqualTo(2);
        assertThat(cli.run(new String[] {"logs", "--name"})).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("ferry: --orders needs a value, e.g. --orders 100")
                .contains("ferry: --name needs the instance's name, e.g. --name a");
    }

    @Test
    void aCorruptStateFileIsReportedWithWhatToDoInsteadOfEscapingAsAStackTrace() throws Exception {
        java.nio.file.Files.createDirectories(UpState.file(home).getParent());
        java.nio.file.Files.writeString(UpState.file(home), "{\"pid\": ");

        for (String command : new String[] {"demo", "dlq"}) {
            assertThat(cli.run(new String[] {command})).as(command).isEqualTo(1);
        }
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("ferry: the state file " + UpState.file(home) + " is unreadable")
                .contains("delete it and start './ferry up' again");
    }
}
