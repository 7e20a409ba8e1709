package dev.ferry.local.dynamodb.expression;

import dev.ferry.local.dynamodb.ApiException;
import dev.ferry.local.dynamodb.model.Value;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The ExpressionAttributeNames and ExpressionAttributeValues of one request, shared by all of its
 * expressions, recording which placeholders were used.
 */
public final class ExpressionContext {
    private static final Pattern NAME_KEY = Pattern.compile("#[A-Za-z0-9_]+");
    private static final Pattern VALUE_KEY = Pattern.compile(":[A-Za-z0-9_]+");

    private final Map<String, String> names;
    private final Map<String, Value> values;
    private final Set<String> usedNames = new LinkedHashSet<>();
    private final Set<String> usedValues = new LinkedHashSet<>();

    public ExpressionContext(Map<String, String> names, Map<String, Value> values) {
        this.names = new LinkedHashMap<>(names);
        this.values = new LinkedHashMap<>(values);
    }

    /** An empty context, for requests without placeholders. */
    public static ExpressionContext empty() {
        return new ExpressionContext(Map.of(), Map.of());
    }

    /**
     * A context for a request's maps as given on the wire, with DynamoDB's checks of the maps themselves:
     * a map given but empty is an error, and every key must be a well-formed placeholder. An absent map
     * is {@code Optional.empty()}.
     */
    public static ExpressionContext fromRequest(Optional<Map<String, String>> names,
                                                Optional<Map<String, Value>> values) {
        if (names.isPresent() && names.get().isEmpty()) {
            throw ApiException.validation("ExpressionAttributeNames must not be empty");
        }
        if (values.isPresent() && values.get().isEmpty()) {
            throw ApiException.validation("ExpressionAttributeValues must not be empty");
        }
        for (String key : names.orElse(Map.of()).keySet()) {
            if (!NAME_KEY.matcher(key).matches()) {
                throw ApiException.validation("ExpressionAttributeNames contains invalid key: Syntax error; key: \"" + key + "\"");
            }
        }
        for (String key : values.orElse(Map.of()).keySet()) {
            if (!VALUE_KEY.matcher(key).matches()) {
                throw ApiException.validation("ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + key + "\"");
            }
        }
        return new ExpressionContext(names.orElse(Map.of()), values.orElse(Map.of()));
    }

    /**
     * Throws a ValidationException when a name or value was supplied but not used by any expression
     * of the request, as DynamoDB does. Call once, after parsing all of the request's expressions.
     */
    public void requireAllUsed() {
        List<String> unusedNames = names.keySet().stream().filter(k -> !usedNames.contains(k)).toList();
        if (!unusedNames.isEmpty()) {
            throw ApiException.validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {"
                    + String.join(", ", unusedNames) + "}");
        }
        List<String> unusedValues = values.keySet().stream().filter(k -> !usedValues.contains(k)).toList();
        if (!unusedValues.isEmpty()) {
            throw ApiException.validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {"
                    + String.join(", ", unusedValues) + "}");
        }
    }

    /** True when the request supplied any names or values at all. */
    public boolean hasPlaceholders() {
        return !names.isEmpty() || !values.isEmpty();
    }

    Optional<String> resolveName(String placeholder) {
        String name = names.get(placeholder);
        if (name != null) usedNames.add(placeholder);
        return Optional.ofNullable(name);
    }

    Optional<Value> resolveValue(String placeholder) {
        Value value = values.get(placeholder);
        if (value != null) usedValues.add(placeholder);
        return Optional.ofNullable(value);
    }
}
