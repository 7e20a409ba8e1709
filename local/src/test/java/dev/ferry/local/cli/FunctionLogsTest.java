package dev.ferry.local.cli;

import static dev.ferry.local.lambda.testing.Functions.arn;
import static dev.ferry.local.lambda.testing.Functions.env;
import static dev.ferry.local.lambda.testing.Functions.function;
import static dev.ferry.local.lambda.testing.Functions.functionsOnly;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.cost.LedgerSnapshot;
import dev.ferry.local.cost.Meter;
import dev.ferry.local.cost.RequestLedger;
import dev.ferry.local.lambda.LambdaRuntime;
import dev.ferry.local.lambda.RuntimeSettings;
import dev.ferry.local.lambda.testing.FunctionAssets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The functions' output while {@code ferry up} runs: a file per function, the terminal for the rest. */
class FunctionLogsTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void aTerminal() {
        originalOut = System.out;
        originalErr = System.err;
        PrintStream screen = new PrintStream(terminal, true, StandardCharsets.UTF_8);
        System.setOut(screen);
        System.setErr(screen);
    }

    @AfterEach
    void theRealTerminalAgain() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private void runOrdersAndAFailingPayment(FunctionLogs logs) {
        logs.install();
        Path code = FunctionAssets.directory(tmp, false);
        try (LambdaRuntime runtime = LambdaRuntime.builder(functionsOnly(function("dev-Orders", "PrintingHandler", code, env(tmp)),
                        function("dev-Payments", "PrintingHandler", code, env(tmp))))
                .settings(RuntimeSettings.defaults().withLog(System.out)).start()) {
            runtime.invoke(arn("dev-Orders"), "{}");
            runtime.invoke(arn("dev-Payments"), "{\"fail\": true}");
            System.out.println("[runtime] a line of the runtime's own");
        }
    }

    private String terminal() {
        return terminal.toString(StandardCharsets.UTF_8);
    }

    @Test
    void whatAFunctionWritesIsCountedAsLogDataIngestedAndTheRuntimesOwnLinesAreNot() throws Exception {
        Path dir = tmp.resolve("logs");
        RequestLedger ledger = new RequestLedger();
        try (FunctionLogs logs = FunctionLogs.open(dir, false)) {
            logs.meterInto(ledger);
            runOrdersAndAFailingPayment(logs);
        }

        LedgerSnapshot counted = ledger.snapshot();
        assertThat(counted.count(Meter.LOG_BYTES, "dev-Orders")).isEqualTo(Files.size(dir.resolve("dev-Orders.log")));
        assertThat(counted.count(Meter.LOG_BYTES, "dev-Payments")).isEqualTo(Files.size(dir.resolve("dev-Payments.log")));
        assertThat(counted.byDetail(Meter.LOG_BYTES)).containsOnlyKeys("dev-Orders", "dev-Payments");
    }

    @Test
    void eachFunctionWritesToItsOwnFileAndOnlyTheRuntimesOwnLinesReachTheTerminal() throws Exception {
        Path dir = tmp.resolve("logs");
        try (FunctionLogs logs = FunctionLogs.open(dir, false)) {
            runOrdersAndAFailingPayment(logs);
        }

        assertThat(dir.resolve("dev-Orders.log")).content()
                .contains("{\"message\":\"init\",\"function\":\"dev-Orders\"}")
                .contains("{\"message\":\"handled\",\"function\":\"dev-Orders\"")
                .contains("stderr of dev-Orders")
                .contains("[dev-Orders] context logger of dev-Orders")
                .contains("background thread of dev-Orders")
                .doesNotContain("dev-Payments");
        assertThat(dir.resolve("dev-Payments.log")).content()
                .contains("{\"message\":\"handled\",\"function\":\"dev-Payments\"")
                .contains("java.lang.IllegalStateException: asked to fail")
                .doesNotContain("dev-Orders");
        assertThat(terminal()).contains("[runtime] a line of the runtime's own")
                .doesNotContain("handled").doesNotContain("background thread").doesNotContain("asked to fail");
    }

    @Test
    void verboseAlsoShowsTheFunctionsOutputOnTheTerminalAsBeforeTheFilesExisted() throws Exception {
        Path dir = tmp.resolve("logs");
        try (FunctionLogs logs = FunctionLogs.open(dir, true)) {
            runOrdersAndAFailingPayment(logs);
        }

        assertThat(terminal()).contains("{\"message\":\"handled\",\"function\":\"dev-Orders\"")
                .contains("[dev-Payments] context logger of dev-Payments").contains("[runtime] a line of the runtime's own");
        assertThat(dir.resolve("dev-Orders.log")).content().contains("{\"message\":\"handled\",\"function\":\"dev-Orders\"");
    }

    @Test
    void closingPutsTheTerminalBack() {
        PrintStream before = System.out;
        try (FunctionLogs logs = FunctionLogs.open(tmp.resolve("logs"), false)) {
            logs.install();
            assertThat(System.out).isNotSameAs(before);
        }
        assertThat(System.out).isSameAs(before);
    }

    @Test
    void theNextRunKeepsThePreviousRunsFilesOneRunBack() throws Exception {
        Path dir = tmp.resolve("logs");
        FunctionLogs.open(dir, false).close();
        Files.writeString(dir.resolve("dev-Orders.log"), "first run\n");
        FunctionLogs.open(dir, false).close();
        Files.writeString(dir.resolve("dev-Orders.log"), "second run\n");

        FunctionLogs.open(dir, false).close();

        assertThat(tmp.resolve("logs.previous/dev-Orders.log")).hasContent("second run");
        assertThat(dir).isEmptyDirectory();
    }
}
