package dev.ferry.local.dynamodb.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.dynamodb.ApiException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code #name} and {@code :value} placeholders a translation introduces. Legacy parameters name
 * attributes verbatim (a name with a dot or a reserved word is still one top-level attribute), which a
 * name placeholder expresses exactly. Placeholders avoid the ones the request already defines, because
 * KeyConditions may come with a FilterExpression or ProjectionExpression and their own maps.
 */
final class Placeholders {
    private final ObjectNode names;
    private final ObjectNode values;
    private final Map<String, String> nameFor = new HashMap<>();
    private final Set<String> taken = new HashSet<>();
    private final Map<String, Integer> nextNumber = new HashMap<>();

    private Placeholders(ObjectNode names, ObjectNode values) {
        this.names = names;
        this.values = values;
        names.fieldNames().forEachRemaining(taken::add);
        values.fieldNames().forEachRemaining(taken::add);
    }

    /**
     * Placeholders added to the request's own maps, created when absent. A map given but empty is refused
     * here, as ExpressionSupport would refuse it, because adding to it would hide the mistake.
     */
    static Placeholders extending(ObjectNode request) {
        return new Placeholders(map(request, "ExpressionAttributeNames"), map(request, "ExpressionAttributeValues"));
    }

    private static ObjectNode map(ObjectNode request, String field) {
        JsonNode given = request.get(field);
        if (given == null || given.isNull()) return JsonNodeFactory.instance.objectNode();
        if (!given.isObject()) throw Fields.mistyped(field, "a JSON object");
        if (given.isEmpty()) throw ApiException.validation(field + " must not be empty");
        return (ObjectNode) given.deepCopy();
    }

    /** The placeholder of a top-level attribute name; the same name gets the same placeholder. */
    String name(String attribute) {
        return nameFor.computeIfAbsent(attribute, a -> {
            String placeholder = fresh("#n");
            names.put(placeholder, a);
            return placeholder;
        });
    }

    /** A placeholder for an attribute value as the request gave it on the wire. */
    String value(JsonNode attributeValue) {
        String placeholder = fresh(":v");
        values.set(placeholder, attributeValue.deepCopy());
        return placeholder;
    }

    private String fresh(String prefix) {
        String candidate;
        do {
            candidate = prefix + (nextNumber.merge(prefix, 1, Integer::sum) - 1);
        } while (!taken.add(candidate));
        return candidate;
    }

    /** Puts the maps into the translated request, leaving out a map that stayed empty. */
    void writeTo(ObjectNode request) {
        if (!names.isEmpty()) request.set("ExpressionAttributeNames", names);
        if (!values.isEmpty()) request.set("ExpressionAttributeValues", values);
    }
}
