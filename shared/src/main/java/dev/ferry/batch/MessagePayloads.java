package dev.ferry.batch;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** Where the payload and the idempotency key of a message are, for each source. */
public final class MessagePayloads {

    /** Message attribute a producer may set to key a message that carries no envelope. */
    public static final String IDEMPOTENCY_KEY_ATTRIBUTE = "idempotencykey";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private MessagePayloads() {
    }

    /**
     * The payload of an SQS message: the body, or, when the body is an SNS notification (a subscription
     * without raw delivery), the message inside it. Fingerprints use this, so a republished event hashes alike.
     */
    public static String sqsPayload(SQSEvent.SQSMessage message) {
        String body = message.getBody() == null ? "" : message.getBody();
        return parse(body).filter(n -> "Notification".equals(n.path("Type").asText()) && n.path("Message").isTextual())
                .map(n -> n.path("Message").asText()).orElse(body);
    }

    /** Envelope id, else the idempotency key attribute, else the FIFO deduplication id, else the message id. */
    public static String sqsKey(SQSEvent.SQSMessage message) {
        Optional<String> eventId = envelopeId(sqsPayload(message));
        if (eventId.isPresent()) {
            return eventId.get();
        }
        Map<String, SQSEvent.MessageAttribute> attributes = message.getMessageAttributes() == null ? Map.of() : message.getMessageAttributes();
        SQSEvent.MessageAttribute key = attributes.get(IDEMPOTENCY_KEY_ATTRIBUTE);
        if (key != null && key.getStringValue() != null && !key.getStringValue().isBlank()) {
            return key.getStringValue();
        }
        Map<String, String> system = message.getAttributes() == null ? Map.of() : message.getAttributes();
        String dedup = system.get("MessageDeduplicationId");
        return dedup != null && !dedup.isBlank() ? dedup : message.getMessageId();
    }

    public static String kinesisPayload(KinesisEvent.KinesisEventRecord record) {
        ByteBuffer data = record.getKinesis().getData();
        return data == null ? "" : StandardCharsets.UTF_8.decode(data.duplicate()).toString();
    }

    /** Envelope id, else the record's event id (shard and sequence number). */
    public static String kinesisKey(KinesisEvent.KinesisEventRecord record) {
        return envelopeId(kinesisPayload(record)).orElse(record.getEventID());
    }

    static Optional<String> envelopeId(String payload) {
        return parse(payload).filter(n -> n.path("specversion").isTextual() && n.path("id").isTextual())
                .map(n -> n.path("id").asText()).filter(s -> !s.isBlank());
    }

    private static Optional<JsonNode> parse(String text) {
        if (text == null || text.isEmpty() || text.charAt(0) != '{') {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(MAPPER.readTree(text)).filter(JsonNode::isObject);
        } catch (Exception notJson) {
            return Optional.empty();
        }
    }
}
