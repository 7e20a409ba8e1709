package dev.ferry.local.dynamodb.faults;

import java.time.Duration;

/**
 * What a TransactWriteItems does between taking its items and applying them. The emulator applies a
 * transaction in microseconds, so overlapping transactions almost never meet; a hold widens that window,
 * by a fixed time ({@link #of(Duration)}) or until a test lets it go (a latch in a lambda), so that
 * overlap, and the conflicts AWS raises for it, can be produced on purpose.
 *
 * <p>It runs on the request's thread without any table lock: other requests go on meanwhile and meet the
 * held items.
 */
@FunctionalInterface
public interface TransactionHold {

    /** Blocks for as long as the transaction should stay in flight. */
    void hold(HeldTransaction transaction) throws InterruptedException;

    /** No hold: the transaction applies right after taking its items. */
    static TransactionHold none() {
        return transaction -> { };
    }

    /** Keeps every transaction in flight for {@code duration}. */
    static TransactionHold of(Duration duration) {
        if (duration.isNegative()) throw new IllegalArgumentException("a transaction hold cannot be negative, was " + duration);
        if (duration.isZero()) return none();
        return transaction -> Thread.sleep(duration);
    }
}
