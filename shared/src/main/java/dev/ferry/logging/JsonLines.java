package dev.ferry.logging;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;

/**
 * One JSON object per line: timestamp, level, message, logger, function, request id, correlation id, causation id,
 * message id, then the caller's key-value pairs. CloudWatch Logs Insights reads the fields directly, and with the
 * function's log format set to JSON, Lambda filters them by their {@code level} and {@code timestamp}
 * (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html). Each line is built in
 * memory and written with a single call so concurrent lines never interleave.
 */
public record JsonLines(String logger, PrintStream out, Clock clock, Level threshold) implements LogSink {

    @Override
    public boolean enabled(Level level) {
        return level.ordinal() >= threshold.ordinal();
    }

    @Override
    public void write(Level level, String message, Throwable error, Object... keyValues) {
        if (enabled(level)) {
            out.println(format(level, message, error, keyValues));
        }
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
        LogContext.eachField((name, value) -> {
            line.append(",\"").append(name).append("\":");
            JsonText.quote(line, value);
        });
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
}
