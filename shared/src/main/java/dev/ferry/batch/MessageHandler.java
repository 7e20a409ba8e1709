package dev.ferry.batch;

/**
 * Handles one message of a batch. An exception it throws is treated as {@link Outcome.Retry}, so a bug or
 * an outage never loses a message silently under at-least-once delivery.
 */
@FunctionalInterface
public interface MessageHandler<M> {
    Outcome handle(M message) throws Exception;
}
