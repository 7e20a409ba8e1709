package dev.ferry.local.schedule;

/**
 * A target refused a scheduled event. {@code errorCode} is one of EventBridge's dead-letter error codes
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html), e.g. {@code NO_RESOURCE} when
 * the function does not exist; only {@code retryable} failures are retried.
 */
public final class TargetDeliveryException extends RuntimeException {
    private final String errorCode;
    private final boolean retryable;

    public TargetDeliveryException(String errorCode, String message, boolean retryable) {
        super(message);
        this.errorCode = errorCode;
        this.retryable = retryable;
    }

    public String errorCode() {
        return errorCode;
    }

    public boolean retryable() {
        return retryable;
    }
}
