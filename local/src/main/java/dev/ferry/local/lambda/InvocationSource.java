package dev.ferry.local.lambda;

/** Who invokes a function; faults are injected only into event-driven invocations. */
public enum InvocationSource {
    /** A direct synchronous Invoke or the API Gateway front. */
    SYNC,
    /** The asynchronous invocation queue (Invoke with InvocationType=Event, SNS). */
    ASYNC,
    /** An event source mapping poller. */
    EVENT_SOURCE_MAPPING
}
