package dev.ferry.e2e;

import dev.ferry.local.cli.FerryCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** One run of the {@code ferry} command line in this JVM, in the checkout at {@code home}: its exit code and what it printed. */
record CliRun(int exit, String out, String err) {

    static CliRun of(Path home, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new FerryCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new CountDownLatch(1), home, Map.of()).run(args);
        CliRun run = new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println("e2e: ferry " + String.join(" ", args) + " printed:\n" + run.out() + run.err());
        return run;
    }
}
