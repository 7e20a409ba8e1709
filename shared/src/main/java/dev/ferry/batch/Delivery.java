package dev.ferry.batch;

import dev.ferry.correlation.CorrelationContext;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * One message of a batch, as the delivery rules see it, whatever its source.
 *
 * @param itemIdentifier what a partial batch response names (message id, or sequence number for streams)
 * @param idempotencyKey the key of the message's effect (event id when the message carries an envelope)
 * @param payloadHash    fingerprint of the payload, to tell a repeat from a reused key
 * @param receiveCount   deliveries so far including this one; 0 when the source does not count them
 */
record Delivery(String itemIdentifier, String messageId, String idempotencyKey, String payloadHash,
                Optional<String> groupId, int receiveCount, String body, CorrelationContext correlation,
                Callable<Outcome> work) {

    /** What a stream record contributes to a delivery. */
    record Parts(String itemIdentifier, String key, String payloadHash, String body, CorrelationContext correlation) {
    }
}
