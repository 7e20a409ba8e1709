package dev.ferry.local.schedule;

/** What became of one scheduled event for one target. */
public sealed interface DeliveryOutcome {

    /** Lambda's asynchronous queue took the event; the function runs with that request id. */
    record Accepted(String requestId) implements DeliveryOutcome {}

    /** The first attempt failed; EventBridge keeps retrying within the target's RetryPolicy. */
    record Retrying(String errorCode, String errorMessage) implements DeliveryOutcome {}

    /** Given up and sent to the target's dead-letter queue. */
    record DeadLettered(String errorCode, String errorMessage, String queueArn) implements DeliveryOutcome {}

    /** Given up without a dead-letter queue to receive it: lost, as on EventBridge. */
    record Dropped(String errorCode, String errorMessage) implements DeliveryOutcome {}
}
