package dev.ferry.local.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code ferry down [--name N] [--force]}: stops a running {@code up} as Ctrl-C in its terminal would. It sends the
 * process its state file names a SIGTERM (which {@code up} answers by closing the runtime, the API and the data plane,
 * the Kinesis emulator's Node process included, and removing its state file) and waits for it to exit; with
 * {@code --force} it kills a process that does not stop in time. Nothing running is no error: there is nothing to stop.
 */
final class DownCommand {
    static final Duration GRACE = Duration.ofSeconds(30);

    private final PrintStream err;
    private final Instance instance;
    private final Duration grace;

    DownCommand(PrintStream err, Instance instance, Duration grace) {
        this.err = err;
        this.instance = instance;
        this.grace = grace;
    }

    /** @param force kill the process when it does not stop within the grace period */
    int run(boolean force) throws InterruptedException {
        Optional<UpState> state = UpState.read(instance.stateFile());
        if (state.isPresent() && !state.get().isRunning()) {
            err.println("ferry: " + instance.command("up") + " had exited without removing its state file (killed or crashed?); "
                    + "removing " + instance.relative(instance.stateFile()));
            removeStateFile();
            state = Optional.empty();
        }
        if (state.isEmpty()) {
            err.println("ferry: " + instance.notRunning() + "; nothing to stop");
            return 0;
        }
        long pid = state.get().pid();
        if (pid == ProcessHandle.current().pid()) {
            err.println("ferry: " + instance.command("up") + " runs in this very process (pid " + pid + "): stop it with Ctrl-C");
            return 1;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            removeStateFile();
            err.println("ferry: " + instance.command("up") + " (pid " + pid + ") has just exited");
            return 0;
        }
        err.println("ferry: stopping " + instance.command("up") + " (pid " + pid + ")...");
        long started = System.nanoTime();
        process.get().destroy(); // SIGTERM: up's shutdown hook stops everything and removes its state file
        if (exited(process.get(), grace)) {
            removeStateFile(); // normally gone already
            err.printf("ferry: stopped %s in %.1f s%n", instance.command("up"), (System.nanoTime() - started) / 1e9);
            return 0;
        }
        if (!force) {
            err.println("ferry: " + instance.command("up") + " (pid " + pid + ") did not stop within " + grace.toSeconds()
                    + " s; " + instance.command("down --force") + " kills it");
            return 1;
        }
        process.get().destroyForcibly();
        if (!exited(process.get(), Duration.ofSeconds(10))) {
            err.println("ferry: pid " + pid + " survived SIGKILL; stop it by hand");
            return 1;
        }
        removeStateFile();
        err.println("ferry: killed " + instance.command("up") + " (pid " + pid + ") after " + grace.toSeconds()
                + " s; a Kinesis emulator it started may be left running (a 'node' process)");
        return 0;
    }

    private static boolean exited(ProcessHandle process, Duration within) throws InterruptedException {
        try {
            process.onExit().get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }

    private void removeStateFile() {
        try {
            Files.deleteIfExists(instance.stateFile());
        } catch (IOException e) {
            err.println("ferry: could not remove " + instance.stateFile() + ": " + e.getMessage());
        }
    }
}
