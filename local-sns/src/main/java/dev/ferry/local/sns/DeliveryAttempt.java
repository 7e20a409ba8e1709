package dev.ferry.local.sns;

/** How one attempt to hand a message to an endpoint ended. */
sealed interface DeliveryAttempt {
    record Delivered() implements DeliveryAttempt {}

    /** A failure worth retrying (endpoint unreachable, throttled, server error). */
    record Retryable(String reason) implements DeliveryAttempt {}

    /** A failure retrying cannot fix (queue gone, message refused): straight to the dead-letter queue. */
    record Permanent(String reason) implements DeliveryAttempt {}
}
