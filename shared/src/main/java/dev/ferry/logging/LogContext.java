package dev.ferry.logging;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.correlation.Correlation;
import dev.ferry.correlation.CorrelationContext;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * What every log line of the current invocation repeats: the function, the Lambda request id and the id of
 * the message being processed. Set per invocation and per message by the toolkit's consumers.
 */
public record LogContext(Optional<String> function, Optional<String> requestId, Optional<String> messageId) {

    private static final ThreadLocal<LogContext> CURRENT = ThreadLocal.withInitial(LogContext::empty);

    public static LogContext empty() {
        return new LogContext(Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static LogContext current() {
        return CURRENT.get();
    }

    /**
     * Gives {@code field} what every event of this thread repeats, those that are known, in this order: function,
     * requestId, correlationId, causationId, messageId.
     */
    public static void eachField(BiConsumer<String, String> field) {
        LogContext context = current();
        Optional<CorrelationContext> correlation = Correlation.peek();
        context.function().ifPresent(v -> field.accept("function", v));
        context.requestId().ifPresent(v -> field.accept("requestId", v));
        correlation.ifPresent(c -> field.accept("correlationId", c.correlationId()));
        correlation.flatMap(CorrelationContext::causationId).ifPresent(v -> field.accept("causationId", v));
        context.messageId().ifPresent(v -> field.accept("messageId", v));
    }

    /** Starts an invocation: function name and request id from the Lambda context. */
    public static Scope invocation(Context lambda) {
        if (lambda == null) {
            return set(current());
        }
        return set(new LogContext(Optional.ofNullable(lambda.getFunctionName()), Optional.ofNullable(lambda.getAwsRequestId()),
                Optional.empty()));
    }

    /** Marks the message being processed until the scope closes. */
    public static Scope message(String messageId) {
        LogContext now = current();
        return set(new LogContext(now.function(), now.requestId(), Optional.ofNullable(messageId)));
    }

    private static Scope set(LogContext next) {
        LogContext previous = CURRENT.get();
        CURRENT.set(next);
        return () -> CURRENT.set(previous);
    }

    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
