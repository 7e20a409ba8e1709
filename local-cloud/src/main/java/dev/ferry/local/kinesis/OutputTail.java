package dev.ferry.local.kinesis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Drains a child process's output (so it never blocks on a full pipe) and keeps its last lines, which
 * is what an error message needs when the process dies or never answers.
 */
final class OutputTail {

    private static final int MAX_LINES = 200;

    private final Deque<String> lines = new ArrayDeque<>();

    static OutputTail drain(InputStream output, String threadName) {
        OutputTail tail = new OutputTail();
        Thread reader = new Thread(() -> tail.readAll(output), threadName);
        reader.setDaemon(true);
        reader.start();
        return tail;
    }

    private void readAll(InputStream output) {
        try (var reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                add(line);
            }
        } catch (IOException closed) {
            // The process ended or we closed the stream: the lines read so far are all there is.
        }
    }

    private synchronized void add(String line) {
        if (lines.size() == MAX_LINES) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    synchronized String text() {
        return String.join(System.lineSeparator(), lines);
    }

    synchronized boolean contains(String fragment) {
        return lines.stream().anyMatch(line -> line.contains(fragment));
    }
}
