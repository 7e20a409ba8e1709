package dev.ferry.local.lambda;

/**
 * Counters of one function since the runtime started.
 *
 * @param concurrentExecutions     invocations running now
 * @param peakConcurrentExecutions the most invocations that ran at once over the period asked for (since start,
 *                                 or since an instant, to the second): Lambda's {@code ConcurrentExecutions}
 *                                 metric at its maximum. Never above the reserved concurrency, when there is one.
 */
public record FunctionStats(String functionName, long invocations, long errors, long throttles, long coldStarts,
                            int concurrentExecutions, int peakConcurrentExecutions) {}
