package dev.ferry.local.lambda;

import dev.ferry.local.schedule.ScheduleTiming;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Timing and limits of the local runtime.
 *
 * @param region              region of the dummy environment and of the AWS clients the runtime uses
 * @param asyncRetryDelays    pauses before the 1st, 2nd, ... retry of a failed asynchronous invocation. Lambda
 *                            waits 1 min then 2 min; the local default scales that down 60x (1 s, 2 s)
 * @param throttleRetryDelay  pause before an async or stream invocation refused by throttling is tried again
 *                            (throttles do not count as retries, as on Lambda)
 * @param streamRetryDelay    pause before a failed stream batch is retried
 * @param pollInterval        how long a stream shard poller waits when a shard had no new records (Lambda: 1 s for
 *                            Kinesis, 250 ms for DynamoDB Streams); with the embedded data plane, which reports
 *                            writes, a reader waits for the next write instead, and reads again after five of
 *                            these intervals without one
 * @param sqsWaitTime         ReceiveMessage long-poll wait of the SQS pollers (Lambda: 20 s; shorter stops faster)
 * @param accountConcurrency  unreserved concurrency shared by functions without reserved concurrency (AWS: 1000)
 * @param log                 where function log lines go (prefixed with the function name)
 * @param scheduleTiming      when scheduled EventBridge rules fire: as written (the default), every given
 *                            period (tests), or only when fired by hand
 */
public record RuntimeSettings(String region, List<Duration> asyncRetryDelays, Duration throttleRetryDelay,
                              Duration streamRetryDelay, Duration pollInterval, Duration sqsWaitTime,
                              int accountConcurrency, PrintStream log, ScheduleTiming scheduleTiming) {

    public RuntimeSettings {
        Objects.requireNonNull(region, "region");
        asyncRetryDelays = List.copyOf(asyncRetryDelays);
        if (asyncRetryDelays.isEmpty()) {
            throw new IllegalArgumentException("asyncRetryDelays needs at least one delay (it repeats the last one)");
        }
        Objects.requireNonNull(throttleRetryDelay, "throttleRetryDelay");
        Objects.requireNonNull(streamRetryDelay, "streamRetryDelay");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(sqsWaitTime, "sqsWaitTime");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(scheduleTiming, "scheduleTiming");
        if (accountConcurrency < 1) {
            throw new IllegalArgumentException("accountConcurrency must be at least 1, was " + accountConcurrency);
        }
        if (sqsWaitTime.toSeconds() > 20) {
            throw new IllegalArgumentException("sqsWaitTime is at most 20 s (SQS's long-poll limit), was " + sqsWaitTime);
        }
    }

    /** Settings whose scheduled rules fire as written. */
    public RuntimeSettings(String region, List<Duration> asyncRetryDelays, Duration throttleRetryDelay,
                           Duration streamRetryDelay, Duration pollInterval, Duration sqsWaitTime,
                           int accountConcurrency, PrintStream log) {
        this(region, asyncRetryDelays, throttleRetryDelay, streamRetryDelay, pollInterval, sqsWaitTime,
                accountConcurrency, log, ScheduleTiming.asWritten());
    }

    /** Local defaults: AWS's async retry delays divided by 60, 200 ms shard polls, 2 s long polls. */
    public static RuntimeSettings defaults() {
        return new RuntimeSettings("us-east-1", List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)),
                Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofSeconds(2), 1000,
                System.out);
    }

    /** Lambda's own timing: 1 min / 2 min async retries, 1 s shard polls, 20 s long polls. */
    public static RuntimeSettings awsTiming() {
        return new RuntimeSettings("us-east-1", List.of(Duration.ofMinutes(1), Duration.ofMinutes(2)),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(20), 1000,
                System.out);
    }

    public RuntimeSettings withRegion(String newRegion) {
        return new RuntimeSettings(newRegion, asyncRetryDelays, throttleRetryDelay, streamRetryDelay, pollInterval,
                sqsWaitTime, accountConcurrency, log, scheduleTiming);
    }

    public RuntimeSettings withAsyncRetryDelays(List<Duration> delays) {
        return new RuntimeSettings(region, delays, throttleRetryDelay, streamRetryDelay, pollInterval, sqsWaitTime,
                accountConcurrency, log, scheduleTiming);
    }

    /** One delay for every kind of retry and poll: handy in tests. */
    public RuntimeSettings withAllDelays(Duration delay) {
        return new RuntimeSettings(region, List.of(delay), delay, delay, delay, sqsWaitTime, accountConcurrency, log,
                scheduleTiming);
    }

    public RuntimeSettings withSqsWaitTime(Duration wait) {
        return new RuntimeSettings(region, asyncRetryDelays, throttleRetryDelay, streamRetryDelay, pollInterval, wait,
                accountConcurrency, log, scheduleTiming);
    }

    public RuntimeSettings withLog(PrintStream newLog) {
        return new RuntimeSettings(region, asyncRetryDelays, throttleRetryDelay, streamRetryDelay, pollInterval,
                sqsWaitTime, accountConcurrency, newLog, scheduleTiming);
    }

    /**
     * When scheduled rules fire, e.g. {@code ScheduleTiming.every(Duration.ofMillis(200))} so that a test sees
     * a {@code rate(5 minutes)} rule fire without waiting minutes, or {@code ScheduleTiming.manual()} to fire
     * rules only through {@link LambdaRuntime#fireRule(String)}.
     */
    public RuntimeSettings withScheduleTiming(ScheduleTiming timing) {
        return new RuntimeSettings(region, asyncRetryDelays, throttleRetryDelay, streamRetryDelay, pollInterval,
                sqsWaitTime, accountConcurrency, log, timing);
    }

    public Duration asyncRetryDelay(int retry) {
        return asyncRetryDelays.get(Math.min(retry, asyncRetryDelays.size()) - 1);
    }
}
