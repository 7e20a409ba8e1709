package dev.ferry.local.cli;

import dev.ferry.local.cost.Meter;
import dev.ferry.local.cost.RequestLedger;
import dev.ferry.local.lambda.FunctionThreads;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Where the functions' output goes while {@code ferry up} runs: one file per function,
 * {@code .ferry/<name>/logs/<function>.log}, instead of the terminal. The functions run in this process and print
 * to {@link System#out} (their JSON logs, their EMF metrics) as they would to CloudWatch Logs on Lambda; while
 * {@link #install installed}, what a thread writes for a function ({@link FunctionThreads#currentFunction()}) goes to
 * that function's file, and everything else (the runtime's own messages) to the terminal as before. With
 * {@code verbose} the functions' lines go to the terminal too, as they did before the files existed.
 *
 * <p>The previous run's files are kept in {@code logs.previous/} (one run back), so a crash can still be read after
 * a restart.
 */
final class FunctionLogs implements AutoCloseable {
    static final String SUFFIX = ".log";
    /** The one-line-per-invocation log ({@link RequestLog}), beside the functions' files. */
    static final String REQUESTS = "requests.log";
    private static final byte[] EMF_MARK = "\"_aws\"".getBytes(StandardCharsets.US_ASCII);

    private final Path dir;
    private final boolean verbose;
    private final Map<String, OutputStream> files = new ConcurrentHashMap<>();
    private PrintStream previousOut;
    private PrintStream previousErr;
    private volatile boolean closed;
    private volatile RequestLedger ledger = RequestLedger.discarding();

    private FunctionLogs(Path dir, boolean verbose) {
        this.dir = dir;
        this.verbose = verbose;
    }

    /** The log directory of an instance: {@code <instance dir>/logs}. */
    static Path directory(Path instanceDir) {
        return instanceDir.resolve("logs");
    }

    /** Starts a fresh log directory, the previous run's moved to {@code logs.previous}. */
    static FunctionLogs open(Path dir, boolean verbose) {
        try {
            if (Files.isDirectory(dir)) {
                Path previous = dir.resolveSibling(dir.getFileName() + ".previous");
                deleteTree(previous);
                Files.move(dir, previous, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the log directory " + dir + ": " + e.getMessage(), e);
        }
        return new FunctionLogs(dir, verbose);
    }

    /**
     * Counts what the functions write from now on in {@code ledger}, as the bytes CloudWatch Logs would ingest: their
     * JSON log lines, and apart from them their EMF metric documents (lines with an {@code "_aws"} member).
     */
    void meterInto(RequestLedger ledger) {
        this.ledger = ledger;
    }

    Path directory() {
        return dir;
    }

    /** The file a function's output goes to: {@code <dir>/<function>.log}. */
    static Path file(Path dir, String function) {
        return dir.resolve(function + SUFFIX);
    }

    /**
     * Routes {@link System#out} and {@link System#err}: a function's output to its file, the rest to where they
     * went before. {@link #close} puts them back.
     */
    void install() {
        previousOut = System.out;
        previousErr = System.err;
        System.setOut(router(() -> previousOut));
        System.setErr(router(() -> previousErr));
    }

    /** A stream that sends what a function writes to its file and the rest to {@code terminal}. */
    PrintStream router(Supplier<PrintStream> terminal) {
        return new PrintStream(new Router(terminal), true, StandardCharsets.UTF_8);
    }

    private final class Router extends OutputStream {
        private final Supplier<PrintStream> terminal;

        Router(Supplier<PrintStream> terminal) {
            this.terminal = terminal;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            Optional<String> function = FunctionThreads.currentFunction();
            if (function.isEmpty() || closed) {
                terminal.get().write(bytes, offset, length);
                return;
            }
            ledger.add(Meter.LOG_BYTES, function.get() + (emf(bytes, offset, length) ? " (EMF)" : ""), length);
            OutputStream file = files.computeIfAbsent(function.get(), FunctionLogs.this::openFile);
            synchronized (file) {
                try {
                    file.write(bytes, offset, length);
                    file.flush(); // 'ferry logs --follow' reads it as it grows
                } catch (IOException e) {
                    // a full disk must not fail the function; its lines are lost
                }
            }
            if (verbose) terminal.get().write(bytes, offset, length);
        }

        @Override
        public void flush() {
            terminal.get().flush();
        }
    }

    /** Whether a write holds an EMF document: its JSON has the {@code "_aws"} metadata member. */
    private static boolean emf(byte[] bytes, int offset, int length) {
        for (int i = offset; i + EMF_MARK.length <= offset + length; i++) {
            if (bytes[i] == EMF_MARK[0] && java.util.Arrays.equals(bytes, i, i + EMF_MARK.length, EMF_MARK, 0, EMF_MARK.length)) {
                return true;
            }
        }
        return false;
    }

    private OutputStream openFile(String function) {
        try {
            return new BufferedOutputStream(Files.newOutputStream(file(dir, function)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file(dir, function) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (previousOut != null) System.setOut(previousOut);
        if (previousErr != null) System.setErr(previousErr);
        for (OutputStream file : files.values()) {
            synchronized (file) {
                try {
                    file.close();
                } catch (IOException ignored) {
                    // closing on the way out
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
