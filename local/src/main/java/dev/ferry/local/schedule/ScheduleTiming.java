package dev.ferry.local.schedule;

import java.time.Duration;

/**
 * When the local runtime fires scheduled rules. EventBridge's own timing ({@link #asWritten()}) is the
 * default; tests and demos that cannot wait minutes use {@link #every(Duration)} or fire rules themselves
 * under {@link #manual()}.
 */
public sealed interface ScheduleTiming {

    /** As the expression says: {@code rate(5 minutes)} five minutes after start and every five minutes; cron in UTC. */
    static ScheduleTiming asWritten() {
        return new AsWritten();
    }

    /** Every enabled rule, rate or cron, fires every {@code period}, first one period after start. */
    static ScheduleTiming every(Duration period) {
        return new Every(period);
    }

    /** Rules fire only when asked ({@code LambdaRuntime.fireRule}); nothing fires on its own. */
    static ScheduleTiming manual() {
        return new Manual();
    }

    record AsWritten() implements ScheduleTiming {}

    record Every(Duration period) implements ScheduleTiming {
        public Every {
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("a schedule period must be positive, was " + period);
            }
        }
    }

    record Manual() implements ScheduleTiming {}
}
