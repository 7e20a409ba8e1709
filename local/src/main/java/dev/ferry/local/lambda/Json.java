package dev.ferry.local.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;

/** JSON helpers of the runtime (its own Jackson, never the functions'). */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** A payload as JSON when it is JSON, else as a JSON string (as destination records embed payloads). */
    public static JsonNode payloadNode(byte[] payload) {
        if (payload == null) {
            return MAPPER.nullNode();
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null ? MAPPER.nullNode() : node;
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }

    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** {@code 2019-11-14T18:16:05.568Z}: the timestamps of destination records. */
    public static String timestamp(Instant instant) {
        return MILLIS.format(instant);
    }

    public static String write(Object node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write JSON: " + e.getMessage(), e);
        }
    }
}
