package dev.ferry.local.dynamodb.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.dynamodb.ApiException;
import dev.ferry.local.dynamodb.model.Value;
import dev.ferry.local.dynamodb.model.ValueJson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reading request fields with DynamoDB's validation wording, and building responses. */
final class Req {
    private Req() {}

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static boolean has(JsonNode req, String field) {
        JsonNode n = req.get(field);
        return n != null && !n.isNull();
    }

    static String text(JsonNode req, String field) {
        return optText(req, field).orElseThrow(() -> ApiException.validation(
                "1 validation error detected: Value null at '" + camel(field) + "' failed to satisfy constraint: Member must not be null"));
    }

    static Optional<String> optText(JsonNode req, String field) {
        JsonNode n = req.get(field);
        if (n == null || n.isNull()) return Optional.empty();
        if (!n.isTextual()) throw ApiException.validation(field + " must be a string");
        return Optional.of(n.textValue());
    }

    static boolean bool(JsonNode req, String field, boolean otherwise) {
        JsonNode n = req.get(field);
        if (n == null || n.isNull()) return otherwise;
        if (!n.isBoolean()) throw ApiException.validation(field + " must be a boolean");
        return n.booleanValue();
    }

    static Optional<Integer> optInt(JsonNode req, String field) {
        JsonNode n = req.get(field);
        if (n == null || n.isNull()) return Optional.empty();
        if (!n.canConvertToInt()) throw ApiException.validation(field + " must be an integer");
        return Optional.of(n.intValue());
    }

    static Optional<Long> optLong(JsonNode req, String field) {
        JsonNode n = req.get(field);
        if (n == null || n.isNull()) return Optional.empty();
        if (!n.canConvertToLong()) throw ApiException.validation(field + " must be an integer");
        return Optional.of(n.longValue());
    }

    /** A positive Limit, checked as AWS checks it. */
    static Optional<Integer> limit(JsonNode req, int max) {
        Optional<Integer> limit = optInt(req, "Limit");
        limit.ifPresent(l -> {
            if (l < 1) {
                throw ApiException.validation("1 validation error detected: Value '" + l
                        + "' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
            }
            if (l > max) {
                throw ApiException.validation("1 validation error detected: Value '" + l
                        + "' at 'limit' failed to satisfy constraint: Member must have value less than or equal to " + max);
            }
        });
        return limit;
    }

    static String oneOf(JsonNode req, String field, String otherwise, String... allowed) {
        String v = optText(req, field).orElse(otherwise);
        for (String a : allowed) if (a.equals(v)) return v;
        throw ApiException.validation("1 validation error detected: Value '" + v + "' at '" + camel(field)
                + "' failed to satisfy constraint: Member must satisfy enum value set: " + String.join(", ", allowed));
    }

    static Map<String, Value> item(JsonNode req, String field) {
        JsonNode n = req.get(field);
        if (n == null || n.isNull()) {
            throw ApiException.validation("1 validation error detected: Value null at '" + camel(field) + "' failed to satisfy constraint: Member must not be null");
        }
        Map<String, Value> item = ValueJson.decodeMap(n);
        if (Value.tooDeep(item)) throw tooDeep();
        return item;
    }

    static ApiException tooDeep() {
        return ApiException.validation("Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit");
    }

    static Map<String, String> names(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) return out;
        if (!n.isObject()) throw ApiException.validation("ExpressionAttributeNames must be a map of strings");
        n.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) throw ApiException.validation("ExpressionAttributeNames must be a map of strings");
            out.put(e.getKey(), e.getValue().textValue());
        });
        return out;
    }

    /**
     * Refuses legacy parameters (Expected, AttributeUpdates, KeyConditions, ...) that reach an operation:
     * {@code legacy.LegacyParameters}, which DynamoDbApi runs first, turns them into expressions, so one
     * arriving here was not translated and must not be silently ignored.
     */
    static void rejectLegacy(JsonNode req, String... fields) {
        for (String f : fields) {
            if (has(req, f)) {
                throw ApiException.validation("The legacy parameter " + f + " is not supported by Ferry's DynamoDB emulator; use "
                        + replacement(f) + " instead");
            }
        }
    }

    private static String replacement(String legacy) {
        return switch (legacy) {
            case "Expected" -> "ConditionExpression";
            case "AttributeUpdates" -> "UpdateExpression";
            case "KeyConditions" -> "KeyConditionExpression";
            case "QueryFilter", "ScanFilter" -> "FilterExpression";
            case "AttributesToGet" -> "ProjectionExpression";
            case "ConditionalOperator" -> "AND/OR inside the expression";
            default -> "the expression parameters";
        };
    }

    static String camel(String field) {
        return Character.toLowerCase(field.charAt(0)) + field.substring(1);
    }

    static ObjectNode encode(Map<String, Value> item) {
        return ValueJson.encodeMap(item);
    }
}
