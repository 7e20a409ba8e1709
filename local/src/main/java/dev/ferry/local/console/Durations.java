package dev.ferry.local.console;

import java.util.Arrays;

/** The last {@link #KEPT} durations of one function's invocations, for its percentiles. */
final class Durations {
    static final int KEPT = 1000;

    private final long[] nanos = new long[KEPT];
    private int next;
    private int size;

    synchronized void add(long durationNanos) {
        nanos[next] = durationNanos;
        next = (next + 1) % KEPT;
        size = Math.min(size + 1, KEPT);
    }

    /** Milliseconds at each percentile asked for (nearest rank), or empty when nothing ran yet. */
    synchronized double[] percentilesMillis(double... percentiles) {
        if (size == 0) return new double[0];
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        double[] out = new double[percentiles.length];
        for (int i = 0; i < percentiles.length; i++) {
            int rank = (int) Math.ceil(percentiles[i] / 100.0 * size);
            out[i] = sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
        }
        return out;
    }
}
