package dev.ferry.local.deployment;

import java.time.Duration;
import java.util.Optional;

/** {@code AWS::Lambda::EventInvokeConfig}: how asynchronous invocations (e.g. from SNS) are retried. */
public record AsyncInvokeConfig(
        int maximumRetryAttempts,
        Duration maximumEventAge,
        Optional<String> onSuccessDestinationArn,
        Optional<String> onFailureDestinationArn) {

    /** Lambda's defaults when a function has no EventInvokeConfig. */
    public static AsyncInvokeConfig defaults() {
        return new AsyncInvokeConfig(2, Duration.ofHours(6), Optional.empty(), Optional.empty());
    }
}
