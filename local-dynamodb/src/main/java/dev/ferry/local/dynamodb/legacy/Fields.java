package dev.ferry.local.dynamodb.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.local.dynamodb.ApiException;
import java.util.Optional;

/**
 * Reading the legacy parameters' JSON. A member of the wrong JSON type cannot be deserialized into the
 * operation's input, which AWS answers with a SerializationException before validating anything; its
 * wording for each case is not documented, so these messages name the member and the type it needs.
 */
final class Fields {
    private Fields() {}

    /** True when the member is there and not JSON null (the SDKs leave unset members out). */
    static boolean present(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n != null && !n.isNull();
    }

    static Optional<JsonNode> object(JsonNode node, String field) {
        return member(node, field).map(n -> {
            if (!n.isObject()) throw mistyped(field, "a JSON object");
            return n;
        });
    }

    static Optional<JsonNode> array(JsonNode node, String field) {
        return member(node, field).map(n -> {
            if (!n.isArray()) throw mistyped(field, "a JSON array");
            return n;
        });
    }

    static Optional<String> text(JsonNode node, String field) {
        return member(node, field).map(n -> {
            if (!n.isTextual()) throw mistyped(field, "a string");
            return n.textValue();
        });
    }

    static Optional<Boolean> bool(JsonNode node, String field) {
        return member(node, field).map(n -> {
            if (!n.isBoolean()) throw mistyped(field, "a boolean");
            return n.booleanValue();
        });
    }

    /** An element of a map-valued parameter (a condition, an update): it must be an object itself. */
    static JsonNode entry(String parameter, String attribute, JsonNode value) {
        if (!value.isObject()) throw mistyped(parameter + "." + attribute, "a JSON object");
        return value;
    }

    private static Optional<JsonNode> member(JsonNode node, String field) {
        return present(node, field) ? Optional.of(node.get(field)) : Optional.empty();
    }

    /** A member that does not deserialize as the type the operation's input gives it. */
    static ApiException mistyped(String field, String expected) {
        return new ApiException("SerializationException", 400, field + " must be " + expected);
    }

    /** A ValidationException with AWS's "One or more parameter values were invalid: " prefix. */
    static ApiException invalidParameter(String detail) {
        return ApiException.validation("One or more parameter values were invalid: " + detail);
    }
}
