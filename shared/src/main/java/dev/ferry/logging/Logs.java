package dev.ferry.logging;

import java.time.Clock;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * Hands out the toolkit's loggers. {@code FERRY_LOG_BACKEND} says where their events go: {@code json}, one JSON line per
 * event on standard output, which Lambda ships to CloudWatch Logs; {@code slf4j}, the SLF4J backend the application
 * bound; {@code auto} (the default), SLF4J when a backend is bound, else JSON lines. The functions jar binds none (the
 * AWS SDK brings the SLF4J API without a backend), so they write JSON lines; {@code FERRY_LOG_LEVEL} is those lines'
 * threshold (default INFO).
 */
public final class Logs {

    public enum Backend { JSON, SLF4J }

    private static final Level THRESHOLD = threshold(System.getenv("FERRY_LOG_LEVEL"));
    private static final Backend BACKEND = backend(System.getenv("FERRY_LOG_BACKEND"), LoggerFactory::getILoggerFactory);

    private Logs() {
    }

    public static JsonLogger get(Class<?> owner) {
        return switch (BACKEND) {
            case JSON -> new JsonLogger(new JsonLines(owner.getSimpleName(), System.out, Clock.systemUTC(), THRESHOLD));
            case SLF4J -> new JsonLogger(new Slf4jSink(LoggerFactory.getLogger(owner)));
        };
    }

    /** Where the loggers write, as {@code FERRY_LOG_BACKEND} says; {@code auto} asks SLF4J whether a backend is bound. */
    static Backend backend(String setting, Supplier<ILoggerFactory> slf4j) {
        String value = setting == null ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "json" -> Backend.JSON;
            case "slf4j" -> Backend.SLF4J;
            // Without a backend SLF4J answers with its no-operation factory, which would drop every event.
            default -> slf4j.get() instanceof NOPLoggerFactory ? Backend.JSON : Backend.SLF4J;
        };
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
