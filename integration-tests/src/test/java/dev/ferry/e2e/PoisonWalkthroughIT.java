package dev.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.cli.UpState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's dead-letter walkthrough, as a user follows it against {@code ./ferry up}: {@code ferry demo --poison}
 * puts a malformed message on the payments queue, the PaymentsConsumer sets it aside in its dead-letter queue with the
 * reason, {@code ferry dlq show} prints that reason, and {@code ferry dlq redrive} moves it back, from where it fails
 * again and returns.
 */
@ExtendWith(FerryExtension.class)
class PoisonWalkthroughIT {

    @TempDir
    Path home;

    private final FerrySystem ferry;

    PoisonWalkthroughIT(FerrySystem ferry) {
        this.ferry = ferry;
    }

    private CliRun ferry(String... args) {
        return CliRun.of(home, args);
    }

    @Test
    void demoPoisonFillsTheDeadLetterQueueThatDlqShowsAndRedrives() {
        String prefix = ferry.stage() + "-";
        List<String> queues = ferry.sqs().listQueues(r -> r.queueNamePrefix(prefix)).queueUrls().stream()
                .map(url -> url.substring(url.lastIndexOf('/') + 1)).toList();
        new UpState(Optional.of(ferry.api().base()), ferry.environment(), Map.of("queues", queues,
                UpState.ON_FAILURE_QUEUES, List.of(ferry.name("stream-failures"))), ProcessHandle.current().pid(), Instant.now())
                .write(UpState.file(home));
        String dlq = ferry.name("payments-order-placed-dlq");

        CliRun poison = ferry("demo", "--poison");

        assertThat(poison.exit()).as(poison.err()).isZero();
        Matcher sent = Pattern.compile("sent to " + ferry.name("payments-order-placed") + ": (\\{\"not\":\"an event\",\"run\":\"\\w{6}\"})")
                .matcher(poison.out());
        assertThat(sent.find()).as(poison.out()).isTrue();
        assertThat(poison.out()).contains("dead-lettered").contains(dlq).contains("./ferry dlq show " + dlq)
                .contains("./ferry dlq redrive " + dlq);

        CliRun show = ferry("dlq", "show", dlq, "--max", "10");
        assertThat(show.exit()).isZero();
        assertThat(show.out()).contains(sent.group(1)).contains("malformed envelope").contains("PaymentsConsumer");

        CliRun redrive = ferry("dlq", "redrive", dlq);
        assertThat(redrive.exit()).as(redrive.err()).isZero();
        assertThat(redrive.out()).contains("back to " + ferry.name("payments-order-placed")).contains("redrive COMPLETED");
        // Still malformed: the consumer sets it aside again.
        org.awaitility.Awaitility.await("the redriven poison back in " + dlq).atMost(Workflow.CHAIN_TIMEOUT)
                .until(() -> ferry("dlq", "show", dlq, "--max", "10").out().contains(sent.group(1)));
    }
}
