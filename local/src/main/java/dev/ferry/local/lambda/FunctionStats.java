package dev.ferry.local.lambda;

/**
 * Counters of one function since the runtime started.
 *
 * @param concurrentExecutions     invocations running now
 * @param peakConcurrentExecutions the most invocations that ran at once over the period asked for (since start,
 *                                 or since an instant, to the second): Lambda's {@code ConcurrentExecutions}
 *                                 metric at its maximum. Never above the reserved concurrency, when there is one.
 * @param duration                 the time invocations took, added up since start (Lambda's {@code Duration} metric,
 *                                 summed): with {@code invocations}, the mean duration over any stretch
 */
public record FunctionStats(String functionName, long invocations, long errors, long throttles, long coldStarts,
                            int concurrentExecutions, int peakConcurrentExecutions, java.time.Duration duration) {

    public FunctionStats(String functionName, long invocations, long errors, long throttles, long coldStarts,
                         int concurrentExecutions, int peakConcurrentExecutions) {
        this(functionName, invocations, errors, throttles, coldStarts, concurrentExecutions, peakConcurrentExecutions,
                java.time.Duration.ZERO);
    }
}
