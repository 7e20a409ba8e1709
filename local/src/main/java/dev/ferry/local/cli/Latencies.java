package dev.ferry.local.cli;

import java.util.Arrays;

/** Response times of one kind of request, for percentiles (nearest rank: the value at or below which p % of them lie). */
final class Latencies {
    private final long[] sorted;

    Latencies(long[] nanos) {
        this.sorted = nanos.clone();
        Arrays.sort(sorted);
    }

    int count() {
        return sorted.length;
    }

    /** The {@code p}-th percentile in milliseconds (0 < p <= 100); 0 when there is nothing to rank. */
    double percentileMillis(double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    double maxMillis() {
        return sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6;
    }
}
