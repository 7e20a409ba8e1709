package dev.ferry.logging;

import java.io.PrintStream;
import java.time.Clock;

/**
 * The toolkit's logger: {@code info("order stored", "orderId", id)} with key-value pairs, each event carrying the
 * function, the Lambda request id, the correlation and causation ids and the message id. Where the events go is its
 * {@link LogSink}: JSON lines on standard output ({@link JsonLines}) unless the application bound an SLF4J backend
 * ({@link Slf4jSink}); {@link Logs} picks.
 */
public final class JsonLogger {

    private final LogSink sink;

    public JsonLogger(LogSink sink) {
        this.sink = sink;
    }

    /** JSON lines written to {@code out}. */
    public JsonLogger(String logger, PrintStream out, Clock clock, Level threshold) {
        this(new JsonLines(logger, out, clock, threshold));
    }

    public void debug(String message, Object... keyValues) {
        log(Level.DEBUG, message, null, keyValues);
    }

    public void info(String message, Object... keyValues) {
        log(Level.INFO, message, null, keyValues);
    }

    public void warn(String message, Object... keyValues) {
        log(Level.WARN, message, null, keyValues);
    }

    public void error(String message, Throwable error, Object... keyValues) {
        log(Level.ERROR, message, error, keyValues);
    }

    public boolean enabled(Level level) {
        return sink.enabled(level);
    }

    public void log(Level level, String message, Throwable error, Object... keyValues) {
        sink.write(level, message, error, keyValues);
    }
}
