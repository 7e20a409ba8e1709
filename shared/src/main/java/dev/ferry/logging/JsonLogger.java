package dev.ferry.logging;

import dev.ferry.correlation.Correlation;
import dev.ferry.correlation.CorrelationContext;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Optional;

/**
 * Writes one JSON object per line: timestamp, level, message, function, request id, correlation id,
 * causation id, message id, then the caller's key-value pairs. CloudWatch Logs Insights reads the fields
 * directly. Each line is built in memory and written with a single call so concurrent lines never interleave.
 */
public final class JsonLogger {

    private final PrintStream out;
    private final Clock clock;
    private final Level threshold;
    private final String logger;

    public JsonLogger(String logger, PrintStream out, Clock clock, Level threshold) {
        this.logger = logger;
        this.out = out;
        this.clock = clock;
        this.threshold = threshold;
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
        return level.ordinal() >= threshold.ordinal();
    }

    public void log(Level level, String message, Throwable error, Object... keyValues) {
        if (!enabled(level)) {
            return;
        }
        out.println(format(level, message, error, keyValues));
    }

    String format(Level level, String message, Throwable error, Object... keyValues) {
        StringBuilder line = new StringBuilder(256);
        line.append("{\"timestamp\":");
        JsonText.quote(line, clock.instant().toString());
        line.append(",\"level\":\"").append(level.name()).append('"');
        line.append(",\"message\":");
        JsonText.quote(line, message == null ? "" : message);
        line.append(",\"logger\":");
        JsonText.quote(line, logger);
        LogContext context = LogContext.current();
        field(line, "function", context.function());
        field(line, "requestId", context.requestId());
        Optional<CorrelationContext> correlation = Correlation.peek();
        field(line, "correlationId", correlation.map(CorrelationContext::correlationId));
        field(line, "causationId", correlation.flatMap(CorrelationContext::causationId));
        field(line, "messageId", context.messageId());
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            line.append(',');
            JsonText.quote(line, String.valueOf(keyValues[i]));
            line.append(':');
            JsonText.value(line, keyValues[i + 1]);
        }
        if (keyValues.length % 2 == 1) {
            line.append(",\"unpairedField\":");
            JsonText.value(line, keyValues[keyValues.length - 1]);
        }
        if (error != null) {
            line.append(",\"error\":");
            JsonText.quote(line, error.getClass().getName() + ": " + error.getMessage());
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            line.append(",\"stackTrace\":");
            JsonText.quote(line, trace.toString());
        }
        return line.append('}').toString();
    }

    private static void field(StringBuilder line, String name, Optional<String> value) {
        if (value.isPresent()) {
            line.append(",\"").append(name).append("\":");
            JsonText.quote(line, value.get());
        }
    }
}
