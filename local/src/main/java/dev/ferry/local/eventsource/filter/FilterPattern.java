package dev.ferry.local.eventsource.filter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Lambda event filter pattern ({@code FilterCriteria.Filters[].Pattern}): every key of the pattern must
 * match (AND); a key maps to an array of rules (any of them, OR), to a nested pattern, or {@code "$or"} to
 * a list of alternative patterns. Rules: exact values (string, number, null, boolean), {@code prefix},
 * {@code suffix}, {@code anything-but} (values or {@code {"prefix"}}/{@code {"suffix"}}), {@code numeric}
 * comparisons, {@code exists} and {@code equals-ignore-case}. An array in the event matches when any of
 * its elements does.
 */
public final class FilterPattern {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Node root;
    private final String text;

    private FilterPattern(Node root, String text) {
        this.root = root;
        this.text = text;
    }

    /** Parses a pattern; a malformed one is an IllegalArgumentException saying what is wrong in it. */
    public static FilterPattern parse(String pattern) {
        JsonNode json;
        try {
            json = JSON.readTree(pattern);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("filter pattern is not JSON: " + pattern, e);
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("filter pattern must be a JSON object: " + pattern);
        }
        return new FilterPattern(object(json, ""), pattern);
    }

    public boolean matches(JsonNode event) {
        return root.matches(event);
    }

    @Override
    public String toString() {
        return text;
    }

    private sealed interface Node {
        boolean matches(JsonNode value);
    }

    /** All fields must match, and one of the {@code $or} branches when there are any. */
    private record ObjectNodePattern(Map<String, Node> fields, List<ObjectNodePattern> or) implements Node {
        @Override
        public boolean matches(JsonNode value) {
            for (Map.Entry<String, Node> f : fields.entrySet()) {
                JsonNode child = value != null && value.isObject() ? value.get(f.getKey()) : null;
                if (f.getValue() instanceof ObjectNodePattern nested) {
                    if (child == null || !anyElement(child, nested)) {
                        return false;
                    }
                } else if (!f.getValue().matches(child)) {
                    return false;
                }
            }
            if (or.isEmpty()) {
                return true;
            }
            for (ObjectNodePattern alt : or) {
                if (alt.matches(value)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean anyElement(JsonNode child, ObjectNodePattern nested) {
            if (child.isArray()) {
                for (JsonNode e : child) {
                    if (nested.matches(e)) {
                        return true;
                    }
                }
                return false;
            }
            return nested.matches(child);
        }
    }

    /** A leaf: the field's value (absent = null) must satisfy one of the rules. */
    private record Leaf(List<Rule> rules) implements Node {
        @Override
        public boolean matches(JsonNode value) {
            boolean present = value != null && !value.isMissingNode();
            for (Rule r : rules) {
                if (r instanceof Rule.Exists e) {
                    if (e.exists() == present) {
                        return true;
                    }
                    continue;
                }
                if (!present) {
                    continue;
                }
                if (value.isArray()) {
                    for (JsonNode element : value) {
                        if (r.test(element)) {
                            return true;
                        }
                    }
                } else if (r.test(value)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static ObjectNodePattern object(JsonNode json, String path) {
        Map<String, Node> fields = new LinkedHashMap<>();
        List<ObjectNodePattern> or = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonNode v = e.getValue();
            if (e.getKey().equals("$or")) {
                if (!v.isArray() || v.size() < 2) {
                    throw new IllegalArgumentException("\"$or\" at " + (path.isEmpty() ? "the top" : path)
                            + " must be an array of at least two patterns");
                }
                for (JsonNode alt : v) {
                    if (!alt.isObject()) {
                        throw new IllegalArgumentException("\"$or\" alternatives must be objects, found " + alt);
                    }
                    or.add(object(alt, path));
                }
            } else if (v.isObject()) {
                fields.put(e.getKey(), object(v, where));
            } else if (v.isArray()) {
                fields.put(e.getKey(), leaf(v, where));
            } else {
                throw new IllegalArgumentException("filter value at " + where
                        + " must be an array of rules or a nested object, found " + v);
            }
        }
        return new ObjectNodePattern(fields, or);
    }

    private static Leaf leaf(JsonNode array, String where) {
        if (array.isEmpty()) {
            throw new IllegalArgumentException("filter rule array at " + where + " is empty");
        }
        List<Rule> rules = new ArrayList<>();
        for (JsonNode r : array) {
            rules.add(Rule.parse(r, where));
        }
        return new Leaf(rules);
    }
}
