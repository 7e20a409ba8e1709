package dev.ferry.local.dynamodb.faults;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * The fault switchboard of one running emulator: it starts from a {@link DynamoDbFaultPlan} and can be
 * changed at any time (every request reads it afresh), so a test can turn throttling on for one call,
 * make the next two transactions conflict, or hold transactions until it lets them go.
 *
 * <p>Each single-item request, and each item of a batch or transaction, is one decision. Decisions are
 * drawn from (seed, kind of fault, n-th decision of that kind): a seeded run on one thread meets the same
 * faults every time. {@link #conflictNext} and {@link #throttleNext} force the next decisions in scope,
 * whatever the probabilities, for tests that need a fault at an exact place.
 */
public final class DynamoDbFaults {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private volatile DynamoDbFaultPlan plan;
    private volatile TransactionHold hold;
    private final AtomicInteger conflictsAhead = new AtomicInteger();
    private final AtomicInteger throttlesAhead = new AtomicInteger();
    private final AtomicLong conflictDecisions = new AtomicLong();
    private final AtomicLong throttleDecisions = new AtomicLong();
    private final AtomicLong injectedConflicts = new AtomicLong();
    private final AtomicLong transactionConflicts = new AtomicLong();
    private final AtomicLong throttles = new AtomicLong();

    public DynamoDbFaults(DynamoDbFaultPlan plan) {
        set(plan);
    }

    public static DynamoDbFaults none() {
        return new DynamoDbFaults(DynamoDbFaultPlan.none());
    }

    public DynamoDbFaultPlan plan() {
        return plan;
    }

    /**
     * Replaces the plan; its seeded sequence of decisions starts afresh and the transaction hold becomes the
     * plan's. Counters and forced faults stay.
     */
    public synchronized void set(DynamoDbFaultPlan newPlan) {
        this.plan = newPlan;
        this.hold = TransactionHold.of(newPlan.transactionHold());
        conflictDecisions.set(0);
        throttleDecisions.set(0);
    }

    /** Changes the plan, e.g. {@code update(p -> p.withThrottle(0.5))}. */
    public synchronized void update(UnaryOperator<DynamoDbFaultPlan> change) {
        set(change.apply(plan));
    }

    /** Back to no faults: no plan, no forced faults, no hold. The counters stay. */
    public synchronized void clear() {
        set(DynamoDbFaultPlan.none());
        conflictsAhead.set(0);
        throttlesAhead.set(0);
    }

    /** The next {@code decisions} conflict decisions in the plan's scope conflict, whatever the probability. */
    public void conflictNext(int decisions) {
        requireCount(decisions);
        conflictsAhead.set(decisions);
    }

    /** The next {@code decisions} throttle decisions in the plan's scope throttle, whatever the probability. */
    public void throttleNext(int decisions) {
        requireCount(decisions);
        throttlesAhead.set(decisions);
    }

    /** Holds every TransactWriteItems with {@code transactionHold} (instead of the plan's duration) until {@link #set} or {@link #clear}. */
    public void holdTransactions(TransactionHold transactionHold) {
        this.hold = transactionHold;
    }

    public DynamoDbFaultCounters counters() {
        return new DynamoDbFaultCounters(injectedConflicts.get(), transactionConflicts.get(), throttles.get());
    }

    // --- asked by the emulator on each request ---

    /** Whether to make up a conflict for {@code operation} on an item of {@code table}; counts it when so. */
    public boolean injectConflict(String operation, String table) {
        DynamoDbFaultPlan p = plan;
        if (!p.conflictsMayHit(operation, table)) return false;
        boolean hit = takeForced(conflictsAhead) || roll(p, 1, conflictDecisions, p.conflict());
        if (hit) injectedConflicts.incrementAndGet();
        return hit;
    }

    /** Whether to throttle {@code operation} (or one of its items) on {@code table}; counts it when so. */
    public boolean injectThrottle(String operation, String table) {
        DynamoDbFaultPlan p = plan;
        if (!p.throttlingMayHit(operation, table)) return false;
        boolean hit = takeForced(throttlesAhead) || roll(p, 2, throttleDecisions, p.throttle());
        if (hit) throttles.incrementAndGet();
        return hit;
    }

    /** Counts a conflict with a transaction that really held the item. */
    public void countTransactionConflict() {
        transactionConflicts.incrementAndGet();
    }

    /** What a TransactWriteItems does between taking its items and applying them. */
    public TransactionHold transactionHold() {
        return hold;
    }

    private static boolean takeForced(AtomicInteger ahead) {
        return ahead.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    private static boolean roll(DynamoDbFaultPlan p, int kind, AtomicLong decisions, double probability) {
        if (probability <= 0) return false;
        long n = decisions.getAndIncrement();
        long mix = p.seed() * GOLDEN ^ (long) kind << 56 ^ n * 0xBF58476D1CE4E5B9L;
        return new SplittableRandom(mix).nextDouble() < probability;
    }

    private static void requireCount(int decisions) {
        if (decisions < 0) throw new IllegalArgumentException("a number of decisions cannot be negative, was " + decisions);
    }
}
