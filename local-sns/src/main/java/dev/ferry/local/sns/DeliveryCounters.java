package dev.ferry.local.sns;

/**
 * Counters of what happened to published messages since start.
 *
 * @param published          messages accepted by Publish and PublishBatch (duplicates excluded)
 * @param duplicates         FIFO messages dropped as duplicates within the deduplication window
 * @param unmatched          messages that matched no subscription and so went nowhere
 * @param filteredOut        (message, subscription) pairs the subscription's filter policy rejected
 * @param delivered          deliveries that reached their endpoint
 * @param retries            delivery attempts repeated after a failure
 * @param deadLettered       deliveries that failed and went to the subscription's dead-letter queue
 * @param dropped            deliveries that failed with no (working) dead-letter queue: lost
 * @param pending            deliveries queued or under way now
 */
public record DeliveryCounters(
        long published,
        long duplicates,
        long unmatched,
        long filteredOut,
        long delivered,
        long retries,
        long deadLettered,
        long dropped,
        long pending) {}
