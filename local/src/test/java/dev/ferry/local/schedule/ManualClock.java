package dev.ferry.local.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A clock the test moves: threads sleeping on it wake when the test advances past their deadline, and
 * {@link #awaitSleepers(int)} tells when everything due has run and gone back to sleep, so a test never
 * waits on wall-clock time.
 */
final class ManualClock implements SchedulerClock {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private Instant now;
    private final List<Instant> deadlines = new ArrayList<>();

    ManualClock(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized void sleepUntil(Instant time) throws InterruptedException {
        deadlines.add(time);
        notifyAll();
        try {
            while (now.isBefore(time)) {
                wait();
            }
        } finally {
            deadlines.remove(time);
            notifyAll();
        }
    }

    synchronized void advanceTo(Instant time) {
        now = time;
        notifyAll();
    }

    synchronized void advanceBy(Duration d) {
        advanceTo(now.plus(d));
    }

    /** Waits until exactly {@code count} threads sleep on deadlines still ahead: whatever was due has run. */
    synchronized void awaitSleepers(int count) throws InterruptedException {
        long giveUp = System.nanoTime() + PATIENCE.toNanos();
        while (!(deadlines.size() == count && deadlines.stream().allMatch(d -> d.isAfter(now)))) {
            long left = giveUp - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + count + " sleeping threads after " + now + ", found deadlines " + deadlines);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
