package dev.ferry.local.lambda.testing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Reads the {@code span|start|end|...} lines of the ConcurrencyProbe fixture. */
public final class Spans {
    private Spans() {}

    /** The most spans that overlapped at any instant (a span ending exactly when another starts does not overlap it). */
    public static int peakOverlap(List<String> spanLines) {
        record Edge(long at, int delta) {}
        List<Edge> edges = new ArrayList<>();
        for (String line : spanLines) {
            String[] parts = line.split("\\|");
            edges.add(new Edge(Long.parseLong(parts[1]), 1));
            edges.add(new Edge(Long.parseLong(parts[2]), -1));
        }
        edges.sort(Comparator.comparingLong(Edge::at).thenComparingInt(Edge::delta));
        int running = 0;
        int peak = 0;
        for (Edge e : edges) {
            running += e.delta();
            peak = Math.max(peak, running);
        }
        return peak;
    }

    /** The payloads the spans carry, in the order they were recorded. */
    public static List<String> payloads(List<String> spanLines) {
        return spanLines.stream().map(l -> l.split("\\|", 4)[3]).toList();
    }
}
