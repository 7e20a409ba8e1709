package dev.ferry.local.lambda;

import java.time.Duration;
import java.time.Instant;

/**
 * Hears about every invocation of the runtime's functions once it has ended, whoever made it (the API front, an
 * event source mapping, the asynchronous queue, the Lambda API): e.g. to print one line per request or event.
 * Called on the invoking thread; it must be quick and must not throw (what it throws is ignored).
 */
@FunctionalInterface
public interface InvocationListener {

    InvocationListener NONE = invocation -> {};

    void invoked(Invocation invocation);

    /**
     * One ended invocation.
     *
     * @param payload the event the function was given (not a copy: do not change it)
     * @param result  how it ended, throttles and refusals included
     */
    record Invocation(String functionName, InvocationSource source, String requestId, byte[] payload, InvokeResult result,
                      Instant started, Duration duration) {}
}
