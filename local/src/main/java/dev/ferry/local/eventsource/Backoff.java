package dev.ferry.local.eventsource;

import java.time.Duration;

/** Pauses after consecutive polling failures: the poll interval, doubling up to 5 s, reset by a success. */
final class Backoff {
    private static final Duration MAX = Duration.ofSeconds(5);

    private final Duration base;
    private int failures;

    Backoff(Duration base) {
        this.base = base.isZero() ? Duration.ofMillis(10) : base;
    }

    void succeeded() {
        failures = 0;
    }

    /** The pause after one more failure. */
    Duration failed() {
        failures = Math.min(failures + 1, 20);
        Duration d = base.multipliedBy(1L << Math.min(failures - 1, 10));
        return d.compareTo(MAX) > 0 ? MAX : d;
    }

    /** Whether this failure is worth a log line: the first ones and then every tenth. */
    boolean worthLogging() {
        return failures <= 3 || failures % 10 == 0;
    }
}
