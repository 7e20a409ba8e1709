package dev.ferry.logging;

import java.time.Clock;
import java.util.Locale;

/** Hands out loggers writing to standard output, which Lambda ships to CloudWatch Logs line by line. */
public final class Logs {

    private static final Level THRESHOLD = threshold(System.getenv("FERRY_LOG_LEVEL"));

    private Logs() {
    }

    public static JsonLogger get(Class<?> owner) {
        return new JsonLogger(owner.getSimpleName(), System.out, Clock.systemUTC(), THRESHOLD);
    }

    static Level threshold(String value) {
        if (value == null || value.isBlank()) {
            return Level.INFO;
        }
        try {
            return Level.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Level.INFO;
        }
    }
}
