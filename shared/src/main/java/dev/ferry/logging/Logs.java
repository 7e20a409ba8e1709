package dev.ferry.logging;

import java.time.Clock;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.function.BooleanSupplier;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.SLF4JServiceProvider;

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
    private static final Backend BACKEND = backend(System.getenv("FERRY_LOG_BACKEND"), Logs::slf4jBackendBound);

    private Logs() {
    }

    public static JsonLogger get(Class<?> owner) {
        return switch (BACKEND) {
            case JSON -> new JsonLogger(new JsonLines(owner.getSimpleName(), System.out, Clock.systemUTC(), THRESHOLD));
            case SLF4J -> new JsonLogger(new Slf4jSink(LoggerFactory.getLogger(owner)));
        };
    }

    /** Where the loggers write, as {@code FERRY_LOG_BACKEND} says; {@code auto}: SLF4J when a backend is bound. */
    static Backend backend(String setting, BooleanSupplier slf4jBackendBound) {
        String value = setting == null ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "json" -> Backend.JSON;
            case "slf4j" -> Backend.SLF4J;
            // Without a backend SLF4J would drop every event (its no-operation logger).
            default -> slf4jBackendBound.getAsBoolean() ? Backend.SLF4J : Backend.JSON;
        };
    }

    /**
     * Whether a backend is on the class path, found as SLF4J finds one (a service provider, or the one the system property
     * {@code slf4j.provider} names) but without starting SLF4J: a function that never touches it then starts no SLF4J,
     * and prints no "No SLF4J providers were found" to its log.
     */
    private static boolean slf4jBackendBound() {
        if (System.getProperty("slf4j.provider") != null) return true;
        return ServiceLoader.load(SLF4JServiceProvider.class, Logs.class.getClassLoader()).findFirst().isPresent();
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
