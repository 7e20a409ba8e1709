package dev.ferry.correlation;

import java.util.Optional;

/**
 * The correlation context of the work running on this thread. Batch consumers and the HTTP helper set it
 * per message or request; envelopes, published messages, log lines and metrics read it.
 */
public final class Correlation {

    private static final ThreadLocal<CorrelationContext> CURRENT = new ThreadLocal<>();

    private Correlation() {
    }

    /**
     * The current context, or a fresh conversation when none is set (work started outside any request). The
     * fresh one is not remembered: a Lambda thread outlives invocations and must not carry one into the next.
     */
    public static CorrelationContext current() {
        CorrelationContext context = CURRENT.get();
        return context != null ? context : CorrelationContext.newConversation();
    }

    public static Optional<CorrelationContext> peek() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Makes {@code context} current until the returned scope is closed, then restores the previous one. */
    public static Scope open(CorrelationContext context) {
        CorrelationContext previous = CURRENT.get();
        CURRENT.set(context);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** A scope that does not throw on close. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
