package dev.ferry.local.lambda;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many of something run at once (a function's invocations, a mapping's batches), now and at peak. Each
 * start and each end is recorded with the count at that moment, so the highest count over any stretch of time
 * is the highest recorded within it, or the count now: a run that began before the stretch and is still going,
 * or ends within it, is counted.
 */
public final class ConcurrencyGauge {
    private final AtomicInteger current = new AtomicInteger();
    private final PeakWindow peaks;

    public ConcurrencyGauge() {
        this(new PeakWindow());
    }

    ConcurrencyGauge(PeakWindow peaks) {
        this.peaks = peaks;
    }

    /** One more runs now; pair with {@link #exit()} in a finally block. */
    public void enter() {
        peaks.record(current.incrementAndGet());
    }

    public void exit() {
        // The count before the decrement: the run that ends was still running until now.
        peaks.record(current.getAndDecrement());
    }

    public int current() {
        return current.get();
    }

    /** The highest count since start. */
    public int peak() {
        return (int) Math.max(peaks.peak(), current.get());
    }

    /** The highest count from {@code since} (to the second) until now. */
    public int peakSince(Instant since) {
        return (int) Math.max(peaks.peakSince(since), current.get());
    }
}
