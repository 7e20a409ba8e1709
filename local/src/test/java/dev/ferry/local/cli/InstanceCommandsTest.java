package dev.ferry.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry status}, {@code ferry down} and {@code ferry logs} against the state files and logs of named
 * instances, as {@code up} leaves them; the processes are this JVM or stand-ins ({@code sleep}).
 */
class InstanceCommandsTest {
    @TempDir
    Path home;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CountDownLatch stop = new CountDownLatch(1);
    private Process standIn;

    @AfterEach
    void noStandInLeft() {
        if (standIn != null) standIn.destroyForcibly();
    }

    private int ferry(String... args) {
        return new FerryCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), stop,
                home, Map.of()).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private UpState running(String name, long pid, int basePort) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:" + basePort);
        env.put("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:" + (basePort + 1));
        env.put("AWS_ENDPOINT_URL_SNS", "http://127.0.0.1:" + (basePort + 2));
        env.put("AWS_ENDPOINT_URL_KINESIS", "http://127.0.0.1:" + (basePort + 3));
        env.put("AWS_ENDPOINT_URL_LAMBDA", "http://127.0.0.1:" + (basePort + 4));
        env.put("AWS_REGION", "us-east-1");
        UpState state = new UpState(Optional.of(URI.create("http://127.0.0.1:" + (basePort + 7) + "/dev")), env,
                Map.of(UpState.FUNCTIONS, List.of("dev-OrdersApi", "dev-PaymentsConsumer"), "queues", List.of("dev-a", "dev-a-dlq", "dev-b"),
                        "tables", List.of("dev-orders"), "streams", List.of("dev-event-log")),
                pid, Instant.now(), Optional.of(URI.create("http://127.0.0.1:" + (basePort + 6) + "/stats")),
                Optional.of(URI.create("http://127.0.0.1:" + (basePort + 5) + "/openapi.yaml")), Optional.empty(),
                Optional.of(URI.create("http://127.0.0.1:" + (basePort + 8) + "/")));
        state.write(UpState.file(home, name));
        return state;
    }

    private long standIn(String command) throws Exception {
        standIn = new ProcessBuilder("bash", "-c", command).start();
        return standIn.pid();
    }

    private static long gonePid() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        return gone.pid();
    }

    @Test
    void statusListsEachRunningUpWithItsUptimeUrlsAndWhatItRuns() throws Exception {
        running("a", ProcessHandle.current().pid(), 4510);
        running("b", ProcessHandle.current().pid(), 4520);

        // Five minutes later:
        assertThat(new StatusCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Instance.defaultOf(home), false, Instant.now().plusSeconds(312)).run()).isZero();

        assertThat(out()).containsPattern("a {9}running, pid \\d+, up 5 min 1\\d s \\(since \\d\\d:\\d\\d:\\d\\d\\)")
                .contains("          API       http://127.0.0.1:4517/dev")
                .contains("          OpenAPI   http://127.0.0.1:4515/openapi.yaml")
                .contains("          stats     http://127.0.0.1:4516/stats")
                .contains("          console   http://127.0.0.1:4518/")
                .contains("          Lambda    http://127.0.0.1:4514")
                .contains("          services  dynamodb :4510, sqs :4511, sns :4512, kinesis :4513 (on 127.0.0.1)")
                .contains("          runs      2 functions, 3 queues, 1 table, 1 stream")
                .containsPattern("b {9}running, pid \\d+")
                .contains("http://127.0.0.1:4527/dev");
    }

    @Test
    void statusOfOneNameShowsOnlyThatOneAndSaysWhichOthersRunWhenItDoesNot() throws Exception {
        running("a", ProcessHandle.current().pid(), 4510);

        assertThat(ferry("status", "--name", "a")).isZero();
        assertThat(ferry("status", "--name", "c")).isEqualTo(1);

        assertThat(out()).contains("http://127.0.0.1:4517/dev");
        assertThat(err()).contains("no './ferry up --name c' is running in " + home + " (running: --name a)")
                .contains("start one with './ferry up --name c'");
    }

    @Test
    void statusReportsAndRemovesTheStateFileOfAnUpThatWasKilled() throws Exception {
        running("killed", gonePid(), 4510);

        assertThat(ferry("status")).isEqualTo(1);

        assertThat(err()).contains("'./ferry up --name killed' is not running: its state file names pid")
                .contains("which has exited without removing it (killed or crashed?); removing .ferry/killed/up.json")
                .contains("no './ferry up' is running in " + home);
        assertThat(UpState.file(home, "killed")).doesNotExist();
    }

    @Test
    void statusWithNothingRunningSaysSoAndHowToStartOne() {
        assertThat(ferry("status")).isEqualTo(1);

        assertThat(err()).contains("ferry: no './ferry up' is running in " + home + ": start one with './ferry up'");
    }

    @Test
    void downStopsTheNamedUpThroughItsPidAndWaitsForItToExit() throws Exception {
        long pid = standIn("exec sleep 60");
        running("b", pid, 4520);
        running("a", ProcessHandle.current().pid(), 4510);

        assertThat(ferry("down", "--name", "b")).isZero();

        assertThat(standIn.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(err()).contains("ferry: stopping './ferry up --name b' (pid " + pid + ")...")
                .containsPattern("ferry: stopped './ferry up --name b' in \\d+\\.\\d s");
        assertThat(UpState.file(home, "b")).doesNotExist();
        assertThat(UpState.file(home, "a")).as("the other instance's state").exists();
    }

    @Test
    void downOfAnUpThatIgnoresTheSignalSaysSoAndForceKillsIt() throws Exception {
        long pid = standIn("trap '' TERM; exec sleep 60");
        Thread.sleep(200); // the trap is set before the exec
        running("stuck", pid, 4510);
        Instance stuck = Instance.of(home, "stuck");
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);

        assertThat(new DownCommand(errors, stuck, Duration.ofSeconds(1)).run(false)).isEqualTo(1);
        assertThat(err()).contains("did not stop within 1 s; './ferry down --force --name stuck' kills it");
        assertThat(standIn.isAlive()).isTrue();

        assertThat(new DownCommand(errors, stuck, Duration.ofSeconds(1)).run(true)).isZero();
        assertThat(standIn.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(err()).contains("ferry: killed './ferry up --name stuck' (pid " + pid + ")");
        assertThat(UpState.file(home, "stuck")).doesNotExist();
    }

    @Test
    void downWithNothingRunningHasNothingToStop() {
        assertThat(ferry("down")).isZero();

        assertThat(err()).contains("no './ferry up' is running in " + home + "; nothing to stop");
    }

    @Test
    void downNeverSignalsItsOwnProcess() {
        running("default", ProcessHandle.current().pid(), 4510);

        assertThat(ferry("down")).isEqualTo(1);

        assertThat(err()).contains("runs in this very process");
    }

    private Path logs(String name) throws Exception {
        Path dir = Files.createDirectories(Instance.of(home, name).logs());
        Files.writeString(dir.resolve(FunctionLogs.REQUESTS), """
                11:40:53.131  dev-OrdersApi         POST /orders  -> 202  41 ms
                11:40:53.311  dev-OutboxRelay       ddb-stream dev-orders-outbox: 1 record (INSERT)  ok  12 ms
                11:40:53.587  dev-PaymentsConsumer  sqs dev-payments-order-placed: 1 message (OrderPlaced)  ok  18 ms
                """);
        Files.writeString(dir.resolve("dev-OrdersApi.log"), "{\"message\":\"request served\",\"n\":1}\n{\"message\":\"request served\",\"n\":2}\n");
        Files.writeString(dir.resolve("dev-PaymentsConsumer.log"), "{\"message\":\"payment taken\"}\n");
        return dir;
    }

    @Test
    void logsWithoutAFunctionShowsTheLinesTheTerminalShowed() throws Exception {
        running("default", ProcessHandle.current().pid(), 4510);
        logs("default");

        assertThat(ferry("logs", "--lines", "2")).isZero();

        assertThat(out()).isEqualTo("""
                11:40:53.311  dev-OutboxRelay       ddb-stream dev-orders-outbox: 1 record (INSERT)  ok  12 ms
                11:40:53.587  dev-PaymentsConsumer  sqs dev-payments-order-placed: 1 message (OrderPlaced)  ok  18 ms
                """);
    }

    @Test
    void logsOfAFunctionFindItByTheEndOfItsNameInAnyCase() throws Exception {
        running("a", ProcessHandle.current().pid(), 4510);
        logs("a");

        assertThat(ferry("logs", "ordersapi", "--name", "a")).isZero();
        assertThat(ferry("logs", "payments", "--name", "a")).isZero();

        assertThat(out()).isEqualTo("{\"message\":\"request served\",\"n\":1}\n{\"message\":\"request served\",\"n\":2}\n"
                + "{\"message\":\"payment taken\"}\n");
    }

    @Test
    void logsOfAnUnknownFunctionNameTheFunctions() throws Exception {
        running("default", ProcessHandle.current().pid(), 4510);
        logs("default");

        assertThat(ferry("logs", "shipping")).isEqualTo(1);

        assertThat(err()).contains("no function 'shipping' in .ferry/default/logs; the functions are dev-OrdersApi, dev-PaymentsConsumer");
    }

    @Test
    void logsOutliveTheirUpAndSaySo() throws Exception {
        logs("old");

        assertThat(ferry("logs", "--name", "old", "--lines", "1")).isZero();

        assertThat(err()).contains("'./ferry up --name old' is not running; its last run wrote:");
        assertThat(out()).contains("sqs dev-payments-order-placed");
    }

    @Test
    void logsFollowPrintsWhatIsAddedUntilTheUpStops() throws Exception {
        long pid = standIn("exec sleep 60");
        running("a", pid, 4510);
        Path dir = logs("a");

        CompletableFuture<Integer> follow = CompletableFuture.supplyAsync(() -> ferry("logs", "ordersapi", "--follow", "--name", "a"));
        Thread.sleep(500);
        Files.writeString(dir.resolve("dev-OrdersApi.log"), "{\"message\":\"request served\",\"n\":3}\n", java.nio.file.StandardOpenOption.APPEND);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!out().contains("\"n\":3") && System.nanoTime() < deadline) Thread.sleep(50);
        standIn.destroy();

        assertThat(follow.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(out()).endsWith("{\"message\":\"request served\",\"n\":3}\n");
        assertThat(err()).contains("'./ferry up --name a' stopped");
    }

    @Test
    void aBadNameIsAUsageError() {
        assertThat(ferry("status", "--name", "../etc")).isEqualTo(2);

        assertThat(err()).contains("--name needs letters, digits, '-' or '_'");
    }
}
