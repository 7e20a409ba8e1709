package dev.ferry.local.dynamodb.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.local.dynamodb.ApiException;
import java.util.ArrayList;
import java.util.List;

/**
 * The condition maps of the legacy API (QueryFilter, ScanFilter, KeyConditions, Expected), read into
 * validated {@link LegacyCondition}s and written as one condition expression. Conditions are checked in
 * the map's order, as the request lists them.
 */
final class Conditions {
    private Conditions() {}

    /** QueryFilter or ScanFilter: any operator, combined by ConditionalOperator (AND by default). */
    static List<LegacyCondition> filter(JsonNode request, String parameter) {
        List<LegacyCondition> out = new ArrayList<>();
        Fields.object(request, parameter).ifPresent(map ->
                map.fields().forEachRemaining(e -> out.add(LegacyCondition.ofCondition(parameter, e.getKey(), e.getValue()))));
        return out;
    }

    static List<LegacyCondition> expected(JsonNode request) {
        List<LegacyCondition> out = new ArrayList<>();
        Fields.object(request, "Expected").ifPresent(map ->
                map.fields().forEachRemaining(e -> out.add(LegacyCondition.ofExpected(e.getKey(), e.getValue()))));
        return out;
    }

    /**
     * KeyConditions: one or two conditions, with the operators that select a range of a sorted key
     * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.KeyConditions.html).
     * Which attributes they name is left to the key condition parser, which knows the key schema and
     * words its errors as AWS does for both forms ("Query condition missed key schema element: ...").
     */
    static List<LegacyCondition> keyConditions(JsonNode request) {
        List<LegacyCondition> conditions = filter(request, "KeyConditions");
        if (conditions.isEmpty() || conditions.size() > 2) {
            throw ApiException.validation("Conditions can be of length 1 or 2 only");
        }
        for (LegacyCondition c : conditions) {
            if (!c.operator().indexable()) {
                throw ApiException.validation("Attempted conditional constraint is not an indexable operation");
            }
        }
        return conditions;
    }

    /** The conditions as one expression, joined by {@code AND} or {@code OR}. */
    static String expression(List<LegacyCondition> conditions, Placeholders placeholders, String conditionalOperator) {
        List<String> parts = conditions.stream().map(c -> c.expression(placeholders)).toList();
        return String.join(" " + conditionalOperator + " ", parts);
    }
}
