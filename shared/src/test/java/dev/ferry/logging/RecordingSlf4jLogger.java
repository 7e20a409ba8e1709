package dev.ferry.logging;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.spi.LoggingEventAware;

/** An SLF4J backend of one logger that keeps the events it is given, with their key-value pairs, from {@code least} up. */
final class RecordingSlf4jLogger extends LegacyAbstractLogger implements LoggingEventAware {
    final List<LoggingEvent> events = new ArrayList<>();
    private final Level least;

    RecordingSlf4jLogger(String name, Level least) {
        this.name = name;
        this.least = least;
    }

    private boolean on(Level level) {
        return level.toInt() >= least.toInt();
    }

    @Override
    public void log(LoggingEvent event) {
        events.add(event);
    }

    @Override
    public boolean isTraceEnabled() {
        return on(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return on(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return on(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return on(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return on(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String message, Object[] arguments, Throwable error) {
        throw new AssertionError("the toolkit logs through the fluent API, with key-value pairs; got " + level + " " + message);
    }
}
