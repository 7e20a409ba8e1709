package dev.ferry.local.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code ferry logs [FUNCTION] [--follow] [--lines N] [--name N]}: what an {@code up} wrote to
 * {@code .ferry/<name>/logs/}. Without a function, the one line per request or event its terminal showed
 * ({@code requests.log}); with one, that function's own output (its JSON log lines, its metrics). A function is named
 * as {@code up} lists it ({@code dev-OrdersApi}) or by the end of that name, in any case ({@code ordersapi}).
 * {@code --follow} prints what is added until the {@code up} stops or Ctrl-C. The files outlive the {@code up}; the
 * next {@code up} of the same name moves them to {@code logs.previous/}.
 */
final class LogsCommand {
    private static final Duration POLL = Duration.ofMillis(250);

    record Options(Optional<String> function, boolean follow, int lines) {}

    private final PrintStream out;
    private final PrintStream err;
    private final Instance instance;
    private final CountDownLatch stop;

    LogsCommand(PrintStream out, PrintStream err, Instance instance, CountDownLatch stop) {
        this.out = out;
        this.err = err;
        this.instance = instance;
        this.stop = stop;
    }

    int run(Options options) throws InterruptedException {
        Path dir = instance.logs();
        Optional<UpState> live = instance.live();
        if (!Files.isDirectory(dir)) {
            err.println("ferry: no logs in " + instance.relative(dir) + ": " + (live.isPresent()
                    ? instance.command("up") + " runs with --data-plane-only (no functions) or was started by an older ferry"
                    : instance.notRunning() + ", and none ran before; " + instance.command("up") + " writes them"));
            return 1;
        }
        Path file;
        if (options.function().isEmpty()) {
            file = dir.resolve(FunctionLogs.REQUESTS);
        } else {
            List<String> known = functions(dir, live);
            Optional<String> function = match(options.function().get(), known);
            if (function.isEmpty()) {
                err.println("ferry: no function '" + options.function().get() + "' in " + instance.relative(dir)
                        + (known.isEmpty() ? "" : "; the functions are " + String.join(", ", known)));
                return 1;
            }
            file = FunctionLogs.file(dir, function.get());
            if (!Files.exists(file) && !options.follow()) {
                err.println("ferry: " + function.get() + " has written nothing yet");
                return 0;
            }
        }
        if (!live.isPresent()) {
            err.println("ferry: " + instance.command("up") + " is not running; its last run wrote:");
        }
        long offset = printTail(file, options.lines());
        if (!options.follow()) return 0;
        if (live.isEmpty()) {
            return 0;
        }
        return follow(file, offset, live.get());
    }

    /** The functions whose logs can be asked for: those of the running {@code up}, and those that wrote a file. */
    private static List<String> functions(Path dir, Optional<UpState> live) {
        TreeSet<String> names = new TreeSet<>(live.map(s -> s.resources().getOrDefault(UpState.FUNCTIONS, List.of())).orElse(List.of()));
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(FunctionLogs.SUFFIX) && !n.equals(FunctionLogs.REQUESTS))
                    .forEach(n -> names.add(n.substring(0, n.length() - FunctionLogs.SUFFIX.length())));
        } catch (IOException e) {
            // only the running up's names then
        }
        return new ArrayList<>(names);
    }

    /**
     * The function meant by {@code asked}: its exact name (in any case), else the one name that ends with it, else the
     * one name that contains it.
     */
    static Optional<String> match(String asked, List<String> functions) {
        String lower = asked.toLowerCase(Locale.ROOT);
        Optional<String> exact = functions.stream().filter(f -> f.toLowerCase(Locale.ROOT).equals(lower)).findFirst();
        if (exact.isPresent()) return exact;
        for (String suffix : List.of("-" + lower, lower)) {
            List<String> matches = functions.stream().filter(f -> f.toLowerCase(Locale.ROOT).endsWith(suffix)).toList();
            if (matches.size() == 1) return Optional.of(matches.getFirst());
        }
        List<String> containing = functions.stream().filter(f -> f.toLowerCase(Locale.ROOT).contains(lower)).toList();
        return containing.size() == 1 ? Optional.of(containing.getFirst()) : Optional.empty();
    }

    /** Prints the last {@code lines} lines; returns the offset after them. */
    private long printTail(Path file, int lines) {
        if (!Files.exists(file)) return 0;
        try (RandomAccessFile reader = new RandomAccessFile(file.toFile(), "r")) {
            long end = reader.length();
            if (lines == Integer.MAX_VALUE) {
                copy(reader, 0, end);
                return end;
            }
            Deque<Long> starts = new ArrayDeque<>();
            long position = 0;
            starts.add(0L);
            byte[] buffer = new byte[64 * 1024];
            while (position < end) {
                reader.seek(position);
                int read = reader.read(buffer, 0, (int) Math.min(buffer.length, end - position));
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n' && position + i + 1 < end) {
                        starts.addLast(position + i + 1);
                        if (starts.size() > lines) starts.removeFirst();
                    }
                }
                position += read;
            }
            long from = lines == 0 ? end : starts.peekFirst();
            copy(reader, from, end);
            return end;
        } catch (IOException e) {
            err.println("ferry: cannot read " + file + ": " + e.getMessage());
            return 0;
        }
    }

    private void copy(RandomAccessFile reader, long from, long to) throws IOException {
        reader.seek(from);
        byte[] buffer = new byte[64 * 1024];
        long left = to - from;
        while (left > 0) {
            int read = reader.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) break;
            out.write(buffer, 0, read);
            left -= read;
        }
        out.flush();
    }

    /** Prints what is appended to {@code file} until the {@code up} stops or {@link #stop} is counted down (Ctrl-C). */
    private int follow(Path file, long offset, UpState up) throws InterruptedException {
        long position = offset;
        while (!stop.await(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
            long size;
            try {
                size = Files.exists(file) ? Files.size(file) : 0;
            } catch (IOException e) {
                size = position;
            }
            if (size < position) position = 0; // a new up of the same name started a new file
            if (size > position) {
                try (RandomAccessFile reader = new RandomAccessFile(file.toFile(), "r")) {
                    copy(reader, position, size);
                } catch (IOException e) {
                    err.println("ferry: cannot read " + file + ": " + e.getMessage());
                    return 1;
                }
                position = size;
            }
            if (!up.isRunning()) {
                err.println("ferry: " + instance.command("up") + " stopped");
                return 0;
            }
        }
        return 0;
    }
}
