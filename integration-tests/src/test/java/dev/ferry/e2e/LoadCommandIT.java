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
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code ferry load} against the shared system, as a user runs it against {@code ./ferry up}: the system is named in a
 * {@code .ferry/up.json} with its statistics endpoint, and the command finds it there, drives a small burst, and
 * reports the figures and a passing exactly-once check.
 */
@ExtendWith(FerryExtension.class)
class LoadCommandIT {
    @TempDir
    Path home;

    private final FerrySystem ferry;

    LoadCommandIT(FerrySystem ferry) {
        this.ferry = ferry;
    }

    @Test
    void ferryLoadDrivesTheRunningSystemAndReportsItsFiguresAndAPassingExactlyOnceCheck() {
        try (StatsServer stats = StatsServer.start(ferry.runtime(), ferry.mappings(), 0)) {
            String prefix = ferry.stage() + "-";
            List<String> tables = ferry.dynamoDb().listTables().tableNames().stream().filter(t -> t.startsWith(prefix)).toList();
            List<String> queues = ferry.sqs().listQueues(r -> r.queueNamePrefix(prefix)).queueUrls().stream()
                    .map(url -> url.substring(url.lastIndexOf('/') + 1)).toList();
            new UpState(Optional.of(ferry.api().base()), ferry.environment(), Map.of("tables", tables, "queues", queues,
                    UpState.ON_FAILURE_QUEUES, List.of(ferry.name("stream-failures")), "topics", List.of(ferry.name("domain-events"))),
                    ProcessHandle.current().pid(), Instant.now(), Optional.of(stats.url())).write(UpState.file(home));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            // Forty orders on two accounts contend for the same items: a payment that loses its transaction
            // conflicts every time is handed back to SQS and comes again after the queue's visibility timeout.
            // The wait covers one such return on top of the two minutes a loaded machine needs for the rest.
            String paymentsQueue = ferry.sqs().getQueueUrl(r -> r.queueName(ferry.name("payments-order-placed"))).queueUrl();
            int visibility = Integer.parseInt(ferry.sqs().getQueueAttributes(r -> r.queueUrl(paymentsQueue)
                    .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT)).attributes().get(QueueAttributeName.VISIBILITY_TIMEOUT));
            String timeout = Integer.toString(120 + visibility);

            int exit = new FerryCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                    new CountDownLatch(1), home, Map.of()).run(new String[] {"load", "--orders", "40", "--rate", "20", "--accounts", "2",
                    "--clients", "8", "--timeout", timeout});

            String report = out.toString(StandardCharsets.UTF_8);
            System.out.println("e2e: ferry load printed:\n" + report + err.toString(StandardCharsets.UTF_8));
            assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(report).contains("orders        40 sent in").contains("40 accepted (202), 0 refused (4xx), 0 failed (5xx), 0 unanswered")
                    .containsPattern("API latency   p50 [\\d.]+ ms, p99 [\\d.]+ ms")
                    .contains("40 CONFIRMED, 0 REJECTED, 0 PENDING")
                    .containsPattern(ferry.name("payments-order-placed") + "\\s+\\d+  [\\d.]+ s")
                    .containsPattern(ferry.name("PaymentsConsumer") + "\\s+[1-5]\\s+\\d+\\s+[\\d.]+\\s+5 \\(MaximumConcurrency of " + ferry.name("payments-order-placed"))
                    .contains("exactly once  PASS: 2 balances = deposits - confirmed orders; 40 confirmation emails")
                    // The hops, timed through a queue the run subscribes to the domain-events topic (and removes again).
                    .containsPattern("hop \\(\\d+ orders\\)\\s+p50 ms\\s+p99 ms\\s+max ms")
                    .containsPattern("relay OrderPlaced\\s+[\\d.]+\\s+[\\d.]+")
                    .containsPattern("end to end\\s+[\\d.]+\\s+[\\d.]+")
                    .containsPattern("settled/s\\s+[\\d.]+");
            assertThat(ferry.sqs().listQueues(r -> r.queueNamePrefix(ferry.name("load-tap-"))).queueUrls()).isEmpty();
        }
    }
}
