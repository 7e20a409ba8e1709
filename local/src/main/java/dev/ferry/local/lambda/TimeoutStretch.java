package dev.ferry.local.lambda;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * How far the local runtime stretches a timeout on a busy machine. On Lambda a function has its share of CPU to
 * itself; here it shares the machine's cores with every other function, the emulators and whatever else runs.
 * With a load average of L runnable threads on N cores, each gets about N/L of a core, so work that fits a
 * timeout on Lambda needs about L/N times as long here. Enforcing the configured timeout as wall time would
 * time out a correct function only because the laptop or CI runner is busy, which is no finding about the code.
 *
 * <p>The factor is the one-minute load average over the core count, at least 1 (an idle machine enforces the
 * timeout as configured) and at most {@link #MAX_FACTOR}, so that a function that really hangs still times
 * out in bounded time. Where the platform reports no load average (Windows), nothing is stretched.
 */
public final class TimeoutStretch {

    public static final double MAX_FACTOR = 4.0;

    private static final TimeoutStretch SYSTEM = new TimeoutStretch(
            ManagementFactory.getOperatingSystemMXBean()::getSystemLoadAverage, Runtime.getRuntime().availableProcessors());

    private final DoubleSupplier loadAverage;
    private final int cores;

    TimeoutStretch(DoubleSupplier loadAverage, int cores) {
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be at least 1, was " + cores);
        }
        this.loadAverage = loadAverage;
        this.cores = cores;
    }

    /** The stretch of this machine, read afresh on each call. */
    public static TimeoutStretch ofThisMachine() {
        return SYSTEM;
    }

    /** What a timeout is stretched by now. */
    public Stretched apply(Duration configured) {
        double load = loadAverage.getAsDouble();
        double factor = load < 0 || Double.isNaN(load) ? 1.0 : Math.clamp(load / cores, 1.0, MAX_FACTOR);
        return new Stretched(configured, Duration.ofNanos((long) (configured.toNanos() * factor)), factor, load, cores);
    }

    /**
     * A timeout as enforced.
     *
     * @param configured the timeout as deployed
     * @param enforced   the wall time the runtime waits
     * @param factor     enforced / configured
     * @param load       the load average it was computed from (negative when the platform has none)
     * @param cores      the cores the JVM may use
     */
    public record Stretched(Duration configured, Duration enforced, double factor, double load, int cores) {

        public boolean stretched() {
            return factor > 1.0;
        }

        /** Why the wait was longer than configured, for the line logged when the timeout fires. */
        public String explanation() {
            return stretched()
                    ? String.format(Locale.ROOT, "the runtime waited %.2f s, %.1fx the configured %.2f s, for a load average of %.1f on %d cores",
                            enforced.toMillis() / 1000.0, factor, configured.toMillis() / 1000.0, load, cores)
                    : String.format(Locale.ROOT, "enforced as configured (load average %.1f on %d cores)", load, cores);
        }
    }
}
