package dev.ferry.local.sns.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JSON message body seen by a policy. Arrays are transparent at every level: a key matches when
 * any element under it matches, and nested keys are looked up in every object of an array.
 */
final class BodySubject implements FilterSubject {
    private final List<JsonNode> objects;

    BodySubject(List<JsonNode> objects) {
        this.objects = objects;
    }

    @Override
    public List<Candidate> values(String key) {
        List<Candidate> out = new ArrayList<>();
        for (JsonNode object : objects) {
            JsonNode value = object.get(key);
            if (value != null) {
                collectScalars(value, out);
            }
        }
        return out;
    }

    @Override
    public FilterSubject child(String key) {
        List<JsonNode> children = new ArrayList<>();
        for (JsonNode object : objects) {
            JsonNode value = object.get(key);
            if (value != null) {
                collectObjects(value, children);
            }
        }
        return new BodySubject(children);
    }

    private static void collectScalars(JsonNode node, List<Candidate> out) {
        if (node.isArray()) {
            node.forEach(element -> collectScalars(element, out));
        } else {
            scalar(node).ifPresent(out::add);
        }
    }

    private static void collectObjects(JsonNode node, List<JsonNode> out) {
        if (node.isArray()) {
            node.forEach(element -> collectObjects(element, out));
        } else if (node.isObject()) {
            out.add(node);
        }
    }

    static Optional<Candidate> scalar(JsonNode node) {
        if (node.isTextual()) {
            return Optional.of(new Candidate.Text(node.textValue()));
        }
        if (node.isNumber()) {
            return Optional.of(new Candidate.Num(node.decimalValue()));
        }
        if (node.isBoolean()) {
            return Optional.of(new Candidate.Bool(node.booleanValue()));
        }
        if (node.isNull()) {
            return Optional.of(new Candidate.Null());
        }
        return Optional.empty();
    }
}
