package dev.ferry.local.schedule;

import java.time.Duration;
import java.time.Instant;

/** The time rules are scheduled by; tests give one they advance themselves. */
public interface SchedulerClock {

    Instant now();

    /** Returns once {@link #now()} has reached {@code time}; interrupting the thread ends the wait. */
    void sleepUntil(Instant time) throws InterruptedException;

    static SchedulerClock system() {
        return new SchedulerClock() {
            @Override
            public Instant now() {
                return Instant.now();
            }

            @Override
            public void sleepUntil(Instant time) throws InterruptedException {
                // Sleeping in a loop: a wake-up a little early (or a clock adjustment) must not fire early.
                for (Duration left = Duration.between(Instant.now(), time); left.isPositive();
                     left = Duration.between(Instant.now(), time)) {
                    Thread.sleep(left);
                }
            }
        };
    }
}
