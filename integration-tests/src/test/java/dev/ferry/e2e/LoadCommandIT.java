package dev.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.cli.FerryCli;
import dev.ferry.local.cli.StatsServer;
import dev.ferry.local.cli.UpState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry load} against the shared system, as a user runs it against {@code ./ferry up}: the system is named in a
 * {@code .ferry/up.json} with its statistics endpoint, and the command finds it there, drives a small burst, and
 * reports the figures and a passing exactly-once check.
 */
@ExtendWith(FerryExtension.class)
class LoadCommandIT {
    /**
     * Accounts the orders go round. With two, PaymentsConsumer's five concurrent batches all debited the same two
     * items: a debit retries a version conflict five times at once (ExactlyOnce.ATTEMPTS) and then waits out the
     * queue's visibility timeout (181 s). Eight keep the conflicts rare, and the timeout of 300 s outlasts one such
     * retry; SpikeIT is where contention is looked at.
     */
    private static final String ACCOUNTS = "8";

    @TempDir
    Path home;

    private final FerrySystem ferry;

    LoadCommandIT(FerrySystem ferry) {
        this.ferry = ferry;
    }

    @Test
    void ferryLoadDrivesTheRunningSystemAndReportsItsFiguresAndAPassingExactlyOnceCheck() {
        try (StatsServer stats = StatsServer.start(ferry.runtime(), 0)) {
            String prefix = ferry.stage() + "-";
            List<String> tables = ferry.dynamoDb().listTables().tableNames().stream().filter(t -> t.startsWith(prefix)).toList();
            List<String> queues = ferry.sqs().listQueues(r -> r.queueNamePrefix(prefix)).queueUrls().stream()
                    .map(url -> url.substring(url.lastIndexOf('/') + 1)).toList();
            new UpState(Optional.of(ferry.api().base()), ferry.environment(), Map.of("tables", tables, "queues", queues,
                    UpState.ON_FAILURE_QUEUES, List.of(ferry.name("stream-failures")), "topics", List.of(ferry.name("domain-events"))),
                    ProcessHandle.current().pid(), Instant.now(), Optional.of(stats.url())).write(UpState.file(home));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();

            int exit = new FerryCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                    new CountDownLatch(1), home, Map.of()).run(new String[] {"load", "--orders", "40", "--rate", "20", "--accounts", ACCOUNTS,
                    "--clients", "8", "--timeout", "300"});

            String report = out.toString(StandardCharsets.UTF_8);
            System.out.println("e2e: ferry load printed:\n" + report + err.toString(StandardCharsets.UTF_8));
            assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(report).contains("orders        40 sent in").contains("40 accepted (202), 0 refused (4xx), 0 failed (5xx), 0 unanswered")
                    .containsPattern("API latency   p50 [\\d.]+ ms, p99 [\\d.]+ ms")
                    .contains("40 CONFIRMED, 0 REJECTED, 0 PENDING")
                    .containsPattern(ferry.name("payments-order-placed") + "\\s+\\d+  [\\d.]+ s")
                    .containsPattern(ferry.name("PaymentsConsumer") + "\\s+[1-5]\\s+\\d+\\s+[\\d.]+  5 \\(MaximumConcurrency of "
                            + ferry.name("payments-order-placed"))
                    .contains("exactly once  PASS: " + ACCOUNTS + " balances = deposits - confirmed orders; 40 confirmation emails")
                    // The hops, timed through a queue the run subscribes to the domain-events topic (and removes again).
                    .containsPattern("hop \\(\\d+ orders\\)\\s+p50 ms\\s+p99 ms\\s+max ms")
                    .containsPattern("relay OrderPlaced\\s+[\\d.]+\\s+[\\d.]+")
                    .containsPattern("end to end\\s+[\\d.]+\\s+[\\d.]+")
                    .containsPattern("settled/s\\s+[\\d.]+");
            assertThat(ferry.sqs().listQueues(r -> r.queueNamePrefix(ferry.name("load-tap-"))).queueUrls()).isEmpty();
        }
    }
}
