package dev.ferry.batch;

/** The delivery guarantee a consumer gives, chosen explicitly when it is built. */
public enum DeliverySemantics {
    /** Each message is handled at most once: failures are counted as lost and never retried. */
    AT_MOST_ONCE,
    /** Each message is handled until it succeeds or is dead-lettered; it may be handled more than once. */
    AT_LEAST_ONCE,
    /** At-least-once delivery, with completed messages remembered in an idempotency store and skipped. */
    EFFECTIVELY_ONCE
}
