package dev.ferry.local.dynamodb.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.dynamodb.ApiException;
import java.math.RoundingMode;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a request body against its operation's input shape the way AWS's JSON deserializer does, before any
 * validation: a value of the wrong JSON type is a {@code SerializationException} whose message is the
 * deserializer's own (recorded from DynamoDB by dynalite's test suite, github.com/architect/dynalite
 * test/helpers.js {@code assertType}). The first wrong value in document order is the one reported, since
 * the deserializer streams.
 *
 * <p>What it accepts it returns in the form the operations expect: members the shape does not know and
 * {@code null} members are left out (AWS ignores both), booleans given as "true"/"1"/"yes" (any case) are
 * booleans and decimals given for integers are rounded down, as AWS's deserializer converts them.
 */
public final class TypeCheck {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String MODEL_PACKAGE = "com.amazonaws.dynamodb.v20120810.";
    static final String START_OF_STRUCTURE = "Start of structure or map found where not expected";
    static final String UNEXPECTED_FIELD = "Unexpected field type";
    static final String UNEXPECTED_VALUE = "Unexpected value type in payload";
    static final String NESTED_COLLECTION = "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class "
            + "java.lang.Class (sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and java.lang.Class are in module "
            + "java.base of loader 'bootstrap')";
    static final String NOT_BASE64 = "only base-64-encoded strings are convertible to bytes";

    /**
     * Where a value sits: a structure's member, an element of a list or value of a map, or a collection that is
     * itself the element of a collection (which the deserializer reaches through a parameterized Java type).
     */
    private enum Position { FIELD, ELEMENT, NESTED }

    private TypeCheck() {}

    /** The body read as {@code input}, or a {@code SerializationException} naming the first mistyped value. */
    public static ObjectNode check(ObjectNode body, Shape.Struct input) {
        return struct(body, input, Position.FIELD);
    }

    private static JsonNode value(JsonNode node, Shape shape, Position position) {
        return switch (Shape.resolved(shape)) {
            case Shape.Text t -> text(node);
            case Shape.Bool b -> bool(node);
            case Shape.Whole w -> whole(node, w.javaType());
            case Shape.Blob b -> blob(node);
            case Shape.ListOf l -> list(node, l, position);
            case Shape.MapOf m -> map(node, m, position);
            case Shape.Struct s -> struct(node, s, position);
            case Shape.Recursive r -> throw new IllegalStateException("resolved above");
        };
    }

    private static JsonNode text(JsonNode node) {
        if (node.isTextual()) return node;
        throw scalarMismatch(node, "String");
    }

    private static JsonNode bool(JsonNode node) {
        if (node.isBoolean()) return node;
        if (node.isTextual()) {
            return switch (node.textValue().toUpperCase(Locale.ROOT)) {
                case "TRUE", "1", "YES" -> JSON.booleanNode(true);
                case "FALSE", "0", "NO" -> JSON.booleanNode(false);
                default -> throw serialization("Unexpected token received from parser");
            };
        }
        throw scalarMismatch(node, "Boolean");
    }

    private static JsonNode whole(JsonNode node, String javaType) {
        if (node.isIntegralNumber()) return node;
        if (node.isNumber()) return JSON.numberNode(node.decimalValue().setScale(0, RoundingMode.FLOOR).toBigInteger());
        if (node.isTextual()) throw serialization("STRING_VALUE cannot be converted to " + javaType);
        throw scalarMismatch(node, javaType);
    }

    private static JsonNode blob(JsonNode node) {
        if (node.isArray()) throw serialization("Unrecognized collection type class java.nio.ByteBuffer");
        if (node.isObject()) throw serialization(START_OF_STRUCTURE);
        if (!node.isTextual()) throw serialization(NOT_BASE64);
        String text = node.textValue();
        if (text.length() % 4 != 0) {
            throw serialization("Base64 encoded length is expected a multiple of 4 bytes but found: " + text.length());
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(text);
            // a last character carrying bits the padding drops is not canonical base64, which AWS refuses
            if (!Base64.getEncoder().encodeToString(bytes).equals(text)) throw invalidBase64();
        } catch (IllegalArgumentException e) {
            throw invalidBase64();
        }
        return node;
    }

    private static ApiException invalidBase64() {
        // AWS's spelling, "dectected"
        return serialization("Invalid last non-pad Base64 character dectected");
    }

    private static JsonNode list(JsonNode node, Shape.ListOf shape, Position position) {
        if (node.isObject()) throw serialization(START_OF_STRUCTURE);
        if (!node.isArray()) throw serialization(position == Position.NESTED ? NESTED_COLLECTION : UNEXPECTED_FIELD);
        Position elements = Shape.resolved(shape.member()) instanceof Shape.ListOf || Shape.resolved(shape.member()) instanceof Shape.MapOf
                ? Position.NESTED : Position.ELEMENT;
        ArrayNode out = JSON.arrayNode();
        for (JsonNode element : node) {
            if (!element.isNull()) out.add(value(element, shape.member(), elements));
        }
        return out;
    }

    private static JsonNode map(JsonNode node, Shape.MapOf shape, Position position) {
        if (node.isArray()) throw serialization("Unrecognized collection type java.util.Map<java.lang.String, " + shape.valueType() + ">");
        if (!node.isObject()) throw serialization(position == Position.NESTED ? NESTED_COLLECTION : UNEXPECTED_FIELD);
        Position values = Shape.resolved(shape.value()) instanceof Shape.ListOf || Shape.resolved(shape.value()) instanceof Shape.MapOf
                ? Position.NESTED : Position.ELEMENT;
        ObjectNode out = JSON.objectNode();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isNull()) out.set(e.getKey(), value(e.getValue(), shape.value(), values));
        }
        return out;
    }

    private static ObjectNode struct(JsonNode node, Shape.Struct shape, Position position) {
        if (node.isArray()) throw serialization("Unrecognized collection type class " + MODEL_PACKAGE + shape.name());
        if (!node.isObject()) throw serialization(position == Position.FIELD ? UNEXPECTED_FIELD : UNEXPECTED_VALUE);
        ObjectNode out = JSON.objectNode();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getValue().isNull()) continue;
            shape.member(e.getKey()).ifPresent(m -> out.set(e.getKey(), value(e.getValue(), m.shape(), Position.FIELD)));
        }
        return out;
    }

    /** A JSON scalar, list or object where a string, boolean or number of another kind belongs. */
    private static ApiException scalarMismatch(JsonNode node, String javaType) {
        if (node.isArray()) return serialization("Unrecognized collection type class java.lang." + javaType);
        if (node.isObject()) return serialization(START_OF_STRUCTURE);
        if (node.isBoolean()) return serialization((node.booleanValue() ? "TRUE_VALUE" : "FALSE_VALUE") + " cannot be converted to " + javaType);
        if (node.isIntegralNumber()) return serialization("NUMBER_VALUE cannot be converted to " + javaType);
        if (node.isNumber()) return serialization("DECIMAL_VALUE cannot be converted to " + javaType);
        return serialization("STRING_VALUE cannot be converted to " + javaType);
    }

    private static ApiException serialization(String message) {
        return ApiException.serialization(message);
    }
}
