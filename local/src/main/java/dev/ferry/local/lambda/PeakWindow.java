package dev.ferry.local.lambda;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The highest value seen, per second, over the last hour, and since the start: enough to answer "what was the
 * peak since T" for a load run that started at T, without one reader's question resetting another's.
 * Recording is lock-free (one compare-and-set per call in the common case).
 */
public final class PeakWindow {
    /** One slot per second; a question about an instant older than this falls back to the peak since start. */
    static final int SECONDS = 3600;
    /** A slot packs the epoch second (upper bits) and that second's peak (lower bits). */
    private static final int VALUE_BITS = 31;
    private static final long VALUE_MASK = (1L << VALUE_BITS) - 1;

    private final InstantSource clock;
    private final AtomicLongArray slots = new AtomicLongArray(SECONDS);
    private final AtomicLong sinceStart = new AtomicLong();
    private final long startSecond;

    public PeakWindow() {
        this(InstantSource.system());
    }

    PeakWindow(InstantSource clock) {
        this.clock = clock;
        this.startSecond = clock.instant().getEpochSecond();
    }

    /** Records a value seen now (negative values count as 0; values are capped at 2^31 - 1). */
    public void record(long value) {
        long v = Math.max(0, Math.min(value, VALUE_MASK));
        sinceStart.accumulateAndGet(v, Math::max);
        long second = clock.instant().getEpochSecond();
        int slot = (int) Math.floorMod(second, (long) SECONDS);
        while (true) {
            long packed = slots.get(slot);
            long slotSecond = packed >>> VALUE_BITS;
            long slotValue = packed & VALUE_MASK;
            if (slotSecond == second && slotValue >= v) {
                return;
            }
            long next = (second << VALUE_BITS) | (slotSecond == second ? Math.max(slotValue, v) : v);
            if (slots.compareAndSet(slot, packed, next)) {
                return;
            }
        }
    }

    /** The peak since start. */
    public long peak() {
        return sinceStart.get();
    }

    /**
     * The peak from the second holding {@code since} to now, to the second (a value recorded earlier within that
     * same second counts). Before the last hour, or before the start, it is the peak since start.
     */
    public long peakSince(Instant since) {
        long from = since.getEpochSecond();
        long now = clock.instant().getEpochSecond();
        if (from <= startSecond || now - from >= SECONDS) {
            return peak();
        }
        long max = 0;
        for (int i = 0; i < SECONDS; i++) {
            long packed = slots.get(i);
            long second = packed >>> VALUE_BITS;
            if (second >= from && second <= now) {
                max = Math.max(max, packed & VALUE_MASK);
            }
        }
        return max;
    }
}
