package dev.ferry.functions.analytics;

import java.time.Instant;

/** Where a replay starts reading each shard. */
public sealed interface StartPosition {

    /** The oldest record still in the stream (within its retention). */
    record TrimHorizon() implements StartPosition {
    }

    /** The first record that arrived at or after {@code timestamp}. */
    record AtTimestamp(Instant timestamp) implements StartPosition {
    }

    /** {@code trim-horizon} or an ISO-8601 instant such as {@code 2026-11-30T10:00:00Z}. */
    static StartPosition parse(String text) {
        if (text.equalsIgnoreCase("trim-horizon") || text.equalsIgnoreCase("TRIM_HORIZON")) {
            return new TrimHorizon();
        }
        try {
            return new AtTimestamp(Instant.parse(text));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("--from must be trim-horizon or an instant such as 2026-11-30T10:00:00Z, got '" + text + "'");
        }
    }
}
