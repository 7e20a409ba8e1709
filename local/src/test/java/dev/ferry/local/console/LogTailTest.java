package dev.ferry.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A function's last log lines as the console shows them: JSON lines made readable, the rest as written. */
class LogTailTest {
    @TempDir
    Path dir;

    @Test
    void jsonLogLinesAreRenderedAsTimeLevelMessageAndFields() throws Exception {
        Files.writeString(dir.resolve("dev-PaymentsConsumer.log"), """
                {"timestamp":"2026-11-30T11:40:53.601Z","level":"INFO","message":"payment taken","logger":"PaymentHandler","function":"dev-PaymentsConsumer","orderId":"o-1","amount":30}
                plain text from System.out
                {"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"Ferry","Metrics":[{"Name":"PaymentsTaken","Unit":"Count"}]}]},"PaymentsTaken":1}
                """);

        var lines = new LogTail(Optional.of(dir), ZoneOffset.UTC).last("dev-PaymentsConsumer", 10);

        assertThat(lines).containsExactly("11:40:53.601 INFO  payment taken  orderId=o-1  amount=30", "plain text from System.out",
                "metrics  PaymentsTaken=1");
    }

    @Test
    void onlyTheLastLinesAskedForAndNoFileOutsideTheDirectory() throws Exception {
        Files.writeString(dir.resolve("f.log"), "one\ntwo\nthree\n");
        LogTail tail = new LogTail(Optional.of(dir), ZoneOffset.UTC);

        assertThat(tail.last("f", 2)).containsExactly("two", "three");
        assertThat(tail.last("../f", 2)).isEmpty();
        assertThat(new LogTail(Optional.empty(), ZoneOffset.UTC).last("f", 2)).isEmpty();
    }
}
