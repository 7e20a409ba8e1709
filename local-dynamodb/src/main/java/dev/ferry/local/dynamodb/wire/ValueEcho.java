package dev.ferry.local.dynamodb.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a failing value is printed inside "Value '...' at 'path'": AWS prints the Java object it deserialized,
 * so strings and numbers appear bare, lists as {@code [a, b]}, maps as {@code {k=v}} and model objects as
 * {@code KeySchemaElement(attributeName=pk, keyType=HASH)} (recorded in dynamodb-conformance
 * tests/tier3/error-messages/createTable.test.ts and batchWriteItem.test.ts, github.com/paritysuite/dynamodb-conformance);
 * BatchGetItem prints its request map as JSON instead (validation-ordering/batchOperations.test.ts there).
 */
final class ValueEcho {
    private ValueEcho() {}

    static String of(JsonNode node, Shape shape, Constraints.Echo echo) {
        if (echo == Constraints.Echo.JSON && (node.isObject() || node.isArray())) return node.toString();
        return java(node, shape);
    }

    private static String java(JsonNode node, Shape shape) {
        Shape s = Shape.resolved(shape);
        if (node.isArray()) {
            Shape element = s instanceof Shape.ListOf l ? l.member() : new Shape.Text();
            List<String> parts = new ArrayList<>();
            node.forEach(e -> parts.add(java(e, element)));
            return "[" + String.join(", ", parts) + "]";
        }
        if (node.isObject()) {
            List<String> parts = new ArrayList<>();
            if (s instanceof Shape.Struct struct) {
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    Shape memberShape = struct.member(e.getKey()).map(Member::shape).orElse(new Shape.Text());
                    parts.add(lowerFirst(e.getKey()) + "=" + java(e.getValue(), memberShape));
                }
                return struct.name() + "(" + String.join(", ", parts) + ")";
            }
            Shape value = s instanceof Shape.MapOf m ? m.value() : new Shape.Text();
            for (Map.Entry<String, JsonNode> e : node.properties()) parts.add(e.getKey() + "=" + java(e.getValue(), value));
            return "{" + String.join(", ", parts) + "}";
        }
        return node.asText();
    }

    static String lowerFirst(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
