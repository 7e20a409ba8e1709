package dev.ferry.local.kinesis.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Reading request members as AWS's request validation does. */
final class Requests {
    private Requests() {}

    /** A required string member; {@code member} is its name in validation messages (e.g. {@code streamName}). */
    static String text(JsonNode req, String field, String member) {
        JsonNode node = req.get(field);
        if (node == null || node.isNull()) {
            throw KinesisApiException.validation("null", member, "not be null");
        }
        return node.asText();
    }

    static Optional<String> optText(JsonNode req, String field) {
        JsonNode node = req.get(field);
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asText());
    }

    /** An optional whole number that must lie in [min, max]. */
    static Optional<Integer> intIn(JsonNode req, String field, String member, int min, int max) {
        JsonNode node = req.get(field);
        if (node == null || node.isNull()) return Optional.empty();
        long value = node.asLong();
        if (value < min) {
            throw KinesisApiException.validation(value, member, "have value greater than or equal to " + min);
        }
        if (value > max) {
            throw KinesisApiException.validation(value, member, "have value less than or equal to " + max);
        }
        return Optional.of((int) value);
    }
}
