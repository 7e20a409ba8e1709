package dev.ferry.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * JSON values for a schema of the API description: its {@code examples} most of the time (the values the
 * document calls typical), else values built from {@code enum}, {@code const}, {@code pattern} and lengths,
 * objects from their {@code properties}. Conditions ({@code allOf}, {@code if}, {@code not}) are not followed:
 * whether a value is valid is the schema check's call, not the generator's.
 */
final class SchemaValues {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ApiDescription api;

    SchemaValues(ApiDescription api) {
        this.api = api;
    }

    /**
     * Objects for the schema at {@code pointer} that explore one property at a time: that one is drawn from
     * everything its schema allows, the others from their examples. A request then breaks at most one rule
     * by chance, so whether the API and the document agree on that one rule shows.
     */
    Arbitrary<JsonNode> exploringOneProperty(String pointer) {
        JsonNode schema = api.node(pointer);
        List<String> names = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(names::add);
        if (names.isEmpty()) {
            return of(pointer);
        }
        String at = pointerOf(pointer);
        return Arbitraries.of(names).flatMap(explored -> {
            List<Arbitrary<Map.Entry<String, JsonNode>>> fields = new ArrayList<>();
            for (String name : names) {
                String property = at + "/properties/" + ApiDescription.escape(name);
                Arbitrary<JsonNode> value = name.equals(explored) ? built(property)
                        : examples(property).isEmpty() ? of(property) : Arbitraries.of(examples(property));
                fields.add(value.map(v -> Map.entry(name, v)));
            }
            return Combinators.combine(fields).as(entries -> {
                ObjectNode node = JSON.objectNode();
                entries.forEach(e -> node.set(e.getKey(), e.getValue()));
                return (JsonNode) node;
            });
        });
    }

    private List<JsonNode> examples(String pointer) {
        List<JsonNode> examples = new ArrayList<>();
        JsonNode node = api.node(pointer).path("examples");
        if (node.isArray()) {
            node.forEach(examples::add);
        }
        return examples;
    }

    /** The {@code maxLength} of each property of the object schema at {@code pointer} that has one. */
    Map<String, Integer> maxLengths(String pointer) {
        Map<String, Integer> limits = new LinkedHashMap<>();
        String at = pointerOf(pointer);
        api.node(pointer).path("properties").fieldNames().forEachRemaining(name -> {
            JsonNode property = api.node(at + "/properties/" + ApiDescription.escape(name));
            if (property.has("maxLength")) {
                limits.put(name, property.get("maxLength").asInt());
            }
        });
        return limits;
    }

    Arbitrary<JsonNode> of(String pointer) {
        Arbitrary<JsonNode> built = built(pointer);
        List<JsonNode> examples = examples(pointer);
        return examples.isEmpty() ? built
                : Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(examples)), Tuple.of(2, built));
    }

    /** Values built from the schema's rules alone, its examples left aside. */
    Arbitrary<JsonNode> built(String pointer) {
        JsonNode schema = api.node(pointer);
        String at = pointerOf(pointer);
        if (schema.has("const")) {
            return Arbitraries.just(schema.get("const"));
        }
        if (schema.has("enum")) {
            List<JsonNode> values = new ArrayList<>();
            schema.get("enum").forEach(values::add);
            return Arbitraries.of(values);
        }
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "string");
        return switch (type) {
            case "object" -> object(at, schema);
            case "integer" -> Arbitraries.integers().between(schema.path("minimum").asInt(0), schema.path("maximum").asInt(1000))
                    .map(i -> (JsonNode) JSON.numberNode(i));
            case "string" -> string(schema).map(s -> (JsonNode) JSON.textNode(s));
            default -> throw new IllegalArgumentException("SchemaValues cannot build a '" + type + "' (at " + pointer + ")");
        };
    }

    /** The pointer of the schema itself, behind a {@code $ref}. */
    private String pointerOf(String pointer) {
        JsonNode node = api.root().at(pointer);
        if (node.has("$ref")) {
            return pointerOf(node.get("$ref").asText().substring(1));
        }
        return pointer;
    }

    private Arbitrary<String> string(JsonNode schema) {
        if (schema.has("pattern")) {
            return schema.has("maxLength") ? PatternStrings.matching(schema.get("pattern").asText(), schema.get("maxLength").asInt())
                    : PatternStrings.matching(schema.get("pattern").asText());
        }
        int min = schema.path("minLength").asInt(0);
        int max = schema.path("maxLength").asInt(min + 20);
        return Arbitraries.strings().alpha().numeric().ofMinLength(min).ofMaxLength(Math.min(max, min + 40));
    }

    private Arbitrary<JsonNode> object(String at, JsonNode schema) {
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        List<Arbitrary<Optional<Map.Entry<String, JsonNode>>>> fields = new ArrayList<>();
        for (Iterator<String> names = schema.path("properties").fieldNames(); names.hasNext(); ) {
            String name = names.next();
            Arbitrary<Optional<Map.Entry<String, JsonNode>>> field =
                    of(at + "/properties/" + ApiDescription.escape(name)).map(v -> Optional.of(Map.entry(name, v)));
            fields.add(required.contains(name) ? field : Arbitraries.oneOf(field, Arbitraries.just(Optional.empty())));
        }
        if (fields.isEmpty()) {
            return Arbitraries.just(JSON.objectNode());
        }
        return Combinators.combine(fields).as(entries -> {
            ObjectNode node = JSON.objectNode();
            entries.forEach(e -> e.ifPresent(entry -> node.set(entry.getKey(), entry.getValue())));
            return node;
        });
    }
}
