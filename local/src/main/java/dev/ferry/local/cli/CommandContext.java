package dev.ferry.local.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * What every command of {@link FerryCli} runs with: where it prints, the latch that stops a long-running command, the
 * checkout's root and the process environment.
 *
 * @param stop counted down to make a running {@code up} (or {@code logs --follow}) return
 * @param home the checkout's root: {@code cdk.out} and {@code .ferry/} live there
 * @param env  the process environment ({@code AWS_ENDPOINT_URL}, {@code FERRY_FAULTS}, AWS credentials)
 */
record CommandContext(PrintStream out, PrintStream err, CountDownLatch stop, Path home, Map<String, String> env) {
    CommandContext {
        home = home.toAbsolutePath();
        env = Map.copyOf(env);
    }
}
