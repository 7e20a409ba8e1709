package dev.ferry.logging;

import org.slf4j.Logger;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Hands each event to an SLF4J logger, so that the backend the application chose (Logback, Log4j 2, ...) formats and
 * routes it. The invocation's and the conversation's ids and the caller's pairs travel as SLF4J 2 key-value pairs, which
 * structured encoders write as fields (e.g. Logback's {@code JsonEncoder}, Log4j's {@code JsonTemplateLayout}); the
 * level threshold is the backend's.
 */
public record Slf4jSink(Logger logger) implements LogSink {

    @Override
    public boolean enabled(Level level) {
        return logger.isEnabledForLevel(slf4j(level));
    }

    @Override
    public void write(Level level, String message, Throwable error, Object... keyValues) {
        if (!enabled(level)) {
            return;
        }
        LoggingEventBuilder event = logger.atLevel(slf4j(level));
        event.setMessage(message == null ? "" : message);
        LogContext.eachField(event::addKeyValue);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            event.addKeyValue(String.valueOf(keyValues[i]), keyValues[i + 1]);
        }
        if (keyValues.length % 2 == 1) {
            event.addKeyValue("unpairedField", keyValues[keyValues.length - 1]);
        }
        if (error != null) {
            event.setCause(error);
        }
        event.log();
    }

    private static org.slf4j.event.Level slf4j(Level level) {
        return switch (level) {
            case DEBUG -> org.slf4j.event.Level.DEBUG;
            case INFO -> org.slf4j.event.Level.INFO;
            case WARN -> org.slf4j.event.Level.WARN;
            case ERROR -> org.slf4j.event.Level.ERROR;
        };
    }
}
