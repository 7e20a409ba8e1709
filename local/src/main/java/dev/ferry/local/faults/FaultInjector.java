package dev.ferry.local.faults;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides, per event-driven invocation, whether to inject each fault of a {@link FaultPlan}, and counts
 * what it injected.
 *
 * <p>Decisions are a pure function of (seed, function, fault, n) where n counts that function's decisions
 * for that fault. One poller drives a function's invocations in order, so a seeded run injects the same
 * faults at the same places every time, however the threads of other functions interleave.
 */
public final class FaultInjector {
    // Replaced whole when the rates change at run time (the console's fault switches); each decision reads it once.
    private volatile FaultPlan plan;
    private final Map<Fault, AtomicLong> injected = new EnumMap<>(Fault.class);
    private final Map<String, AtomicLong> sequence = new ConcurrentHashMap<>();

    public FaultInjector(FaultPlan plan) {
        this.plan = plan;
        for (Fault f : Fault.values()) {
            injected.put(f, new AtomicLong());
        }
    }

    public static FaultInjector disabled() {
        return new FaultInjector(FaultPlan.none());
    }

    public FaultPlan plan() {
        return plan;
    }

    /**
     * From now on, injects the invocation faults with these probabilities (a fault left out is off); the seed, the
     * functions the plan applies to, its outages and DynamoDB faults stay as they are.
     */
    public void changeRates(Map<Fault, Double> probabilities) {
        FaultPlan current = plan;
        plan = new FaultPlan(probabilities, current.seed(), current.functions(), current.outages(), current.dynamodb());
    }

    /** Whether to inject {@code fault} into this invocation of {@code functionName}; counts it when so. */
    public boolean inject(Fault fault, String functionName) {
        FaultPlan plan = this.plan;
        double p = plan.probability(fault);
        if (p <= 0 || !plan.appliesTo(functionName)) {
            return false;
        }
        long n = sequence.computeIfAbsent(functionName + '\u0000' + fault.name(), k -> new AtomicLong()).getAndIncrement();
        long mix = plan.seed() * 0x9E3779B97F4A7C15L ^ functionName.hashCode() * 31L ^ (long) fault.ordinal() << 48 ^ n;
        boolean hit = new SplittableRandom(mix).nextDouble() < p;
        if (hit) {
            injected.get(fault).incrementAndGet();
        }
        return hit;
    }

    /** What has been injected so far. */
    public FaultCounters counters() {
        return new FaultCounters(injected.get(Fault.DUPLICATE).get(), injected.get(Fault.CRASH_BEFORE).get(),
                injected.get(Fault.CRASH_AFTER).get(), injected.get(Fault.THROTTLE).get());
    }
}
