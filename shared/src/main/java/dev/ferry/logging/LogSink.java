package dev.ferry.logging;

/**
 * Where a {@link JsonLogger}'s events go: {@link JsonLines} on standard output (the default, what Lambda ships to
 * CloudWatch Logs line by line), or {@link Slf4jSink}, the backend an application bound to SLF4J.
 */
public sealed interface LogSink permits JsonLines, Slf4jSink {

    boolean enabled(Level level);

    /**
     * One event: the message, an error or null, and the caller's key-value pairs (key, value, key, value, ...); the
     * sink adds the invocation's and the conversation's ids ({@link LogContext}, the current correlation).
     */
    void write(Level level, String message, Throwable error, Object... keyValues);
}
