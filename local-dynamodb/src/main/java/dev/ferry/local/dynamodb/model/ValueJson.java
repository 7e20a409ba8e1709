package dev.ferry.local.dynamodb.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.dynamodb.ApiException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The wire form of attribute values ({@code {"S": "x"}}, {@code {"N": "1"}}, ...), with DynamoDB's validation. */
public final class ValueJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ValueJson() {}

    /**
     * Decodes one attribute value, checking its members in the order they were sent and the number of types
     * last, as AWS does: {@code {"S": "a", "N": ""}} is refused for its number before it is refused for having
     * two types (dynalite test/getItem.js "empty/invalid numbers in Key", recorded on DynamoDB).
     */
    public static Value decode(JsonNode node) {
        if (node == null || !node.isObject() || node.isEmpty()) {
            throw ApiException.validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        Value value = null;
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            Value decoded = decodeMember(field.getKey(), field.getValue());
            if (value == null) value = decoded;
        }
        if (node.size() > 1) {
            throw ApiException.validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
        }
        return value;
    }

    private static Value decodeMember(String type, JsonNode v) {
        return switch (type) {
            case "S" -> new Value.S(text(v, "S"));
            case "N" -> Value.N.parse(text(v, "N"));
            case "B" -> new Value.B(binary(v));
            case "BOOL" -> {
                if (!v.isBoolean()) throw ApiException.validation("BOOL must be a boolean");
                yield new Value.Bool(v.booleanValue());
            }
            case "NULL" -> {
                if (!v.isBoolean() || !v.booleanValue()) {
                    throw ApiException.validation("One or more parameter values were invalid: Null attribute value types must have the value of true");
                }
                yield new Value.Null();
            }
            case "SS" -> {
                List<String> items = new ArrayList<>();
                for (JsonNode e : array(v, "SS", "An string set  may not be empty")) items.add(text(e, "SS"));
                yield new Value.SS(distinct(items, () -> "One or more parameter values were invalid: Input collection "
                        + items + " contains duplicates."));
            }
            case "NS" -> {
                List<BigDecimal> items = new ArrayList<>();
                for (JsonNode e : array(v, "NS", "An number set  may not be empty")) items.add(Numbers.parse(text(e, "NS")));
                // AWS words a number set's duplicates differently from the other sets' (dynalite test/getItem.js)
                yield new Value.NS(distinct(items, () -> "Input collection contains duplicates"));
            }
            case "BS" -> {
                List<Bytes> items = new ArrayList<>();
                for (JsonNode e : array(v, "BS", "Binary sets should not be empty")) items.add(binary(e));
                yield new Value.BS(distinct(items, () -> "One or more parameter values were invalid: Input collection "
                        + items.stream().map(Bytes::toBase64).toList() + "of type BS contains duplicates."));
            }
            case "L" -> {
                if (!v.isArray()) throw ApiException.validation("L must be a list of attribute values");
                List<Value> items = new ArrayList<>();
                for (JsonNode e : v) items.add(decode(e));
                yield new Value.L(items);
            }
            case "M" -> new Value.M(decodeMap(v));
            default -> throw ApiException.validation("Supplied AttributeValue has an unknown datatype: " + type);
        };
    }

    /** Decodes a map of attribute values, such as an item or {@code ExpressionAttributeValues}. */
    public static Map<String, Value> decodeMap(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) return Map.of();
        if (!node.isObject()) throw ApiException.validation("Expected a map of attribute values");
        Map<String, Value> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), decode(e.getValue())));
        return out;
    }

    public static ObjectNode encode(Value value) {
        ObjectNode node = JSON.objectNode();
        switch (value) {
            case Value.S s -> node.put("S", s.value());
            case Value.N n -> node.put("N", n.text());
            case Value.B b -> node.put("B", b.value().toBase64());
            case Value.Bool b -> node.put("BOOL", b.value());
            case Value.Null ignored -> node.put("NULL", true);
            case Value.SS ss -> {
                ArrayNode a = node.putArray("SS");
                ss.values().forEach(a::add);
            }
            case Value.NS ns -> {
                ArrayNode a = node.putArray("NS");
                ns.values().forEach(n -> a.add(Numbers.format(n)));
            }
            case Value.BS bs -> {
                ArrayNode a = node.putArray("BS");
                bs.values().forEach(b -> a.add(b.toBase64()));
            }
            case Value.L l -> {
                ArrayNode a = node.putArray("L");
                l.values().forEach(e -> a.add(encode(e)));
            }
            case Value.M m -> node.set("M", encodeMap(m.values()));
        }
        return node;
    }

    public static ObjectNode encodeMap(Map<String, Value> item) {
        ObjectNode node = JSON.objectNode();
        item.forEach((k, v) -> node.set(k, encode(v)));
        return node;
    }

    private static String text(JsonNode v, String type) {
        if (v == null || !v.isTextual()) throw ApiException.validation(type + " must be given as a string");
        return v.textValue();
    }

    private static Bytes binary(JsonNode v) {
        if (v == null || !v.isTextual()) throw ApiException.validation("Binary values must be base64-encoded strings");
        try {
            return Bytes.of(Base64.getMimeDecoder().decode(v.textValue()));
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("Invalid base64 binary value: " + e.getMessage());
        }
    }

    private static JsonNode array(JsonNode v, String type, String emptyMessage) {
        if (v == null || !v.isArray()) throw ApiException.validation(type + " must be a list");
        if (v.isEmpty()) throw ApiException.validation("One or more parameter values were invalid: " + emptyMessage);
        return v;
    }

    private static <T> Set<T> distinct(List<T> items, java.util.function.Supplier<String> duplicates) {
        Set<T> set = new LinkedHashSet<>(items);
        if (set.size() != items.size()) throw ApiException.validation(duplicates.get());
        return set;
    }

    /** For diagnostics and tests: Base64 of raw bytes. */
    static String base64(byte[] data) {
        return Base64.getEncoder().encodeToString(data);
    }
}
