package dev.ferry.local.sns;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A published message on its way to subscribers. With {@code MessageStructure=json}, {@code perProtocol}
 * holds the protocol-specific bodies and {@code message} the {@code default} one.
 */
record Notification(
        String messageId,
        String topicArn,
        Optional<String> subject,
        String message,
        Map<String, String> perProtocol,
        Map<String, MessageAttribute> attributes,
        Instant timestamp,
        Optional<String> sequenceNumber,
        Optional<String> messageGroupId,
        Optional<String> deduplicationId) {

    /** The body a subscriber of {@code protocol} receives. */
    String bodyFor(String protocol) {
        return perProtocol.getOrDefault(protocol, message);
    }
}
