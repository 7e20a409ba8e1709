package dev.ferry.local.sns;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How SNS hands messages to SQS queues: one at a time, or several to one standard queue in a batch. */
interface SqsSender extends AutoCloseable {

    /** One message of a batch: its body and message attributes. */
    record Outgoing(String body, Map<String, MessageAttribute> attributes) {}

    DeliveryAttempt send(String queueArn, String body, Map<String, MessageAttribute> attributes,
                         Optional<String> groupId, Optional<String> deduplicationId);

    /**
     * Sends up to ten messages to one standard queue in one request. Returns each message's outcome in order, or
     * empty when the request as a whole was refused in a way that does not say which message is at fault: the
     * caller then sends them one by one.
     */
    Optional<List<DeliveryAttempt>> sendBatch(String queueArn, List<Outgoing> messages);

    @Override
    void close();
}
