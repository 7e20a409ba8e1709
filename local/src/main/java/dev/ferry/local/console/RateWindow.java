package dev.ferry.local.console;

/**
 * Messages along one edge: the total since start and a rate over the last {@link #SECONDS} whole seconds, kept in
 * one counter per second so that a busy edge costs no more than a quiet one.
 */
final class RateWindow {
    static final int SECONDS = 5;

    private final long[] buckets = new long[SECONDS + 1];
    private final long[] bucketSecond = new long[SECONDS + 1];
    private long total;

    synchronized void add(long messages, long epochSecond) {
        int i = (int) Math.floorMod(epochSecond, (long) buckets.length);
        if (bucketSecond[i] != epochSecond) {
            bucketSecond[i] = epochSecond;
            buckets[i] = 0;
        }
        buckets[i] += messages;
        total += messages;
    }

    synchronized long total() {
        return total;
    }

    /** Messages per second over the {@link #SECONDS} seconds before {@code epochSecond} (the current one is still filling). */
    synchronized double perSecond(long epochSecond) {
        long sum = 0;
        for (int i = 0; i < buckets.length; i++) {
            long age = epochSecond - bucketSecond[i];
            if (age >= 1 && age <= SECONDS) sum += buckets[i];
        }
        return sum / (double) SECONDS;
    }
}
