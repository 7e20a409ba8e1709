package dev.ferry.local.dynamodb.legacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A legacy ComparisonOperator: how many values it takes, of which types, and the condition expression
 * that means the same. The argument rules are the API reference's
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Condition.html,
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.Conditions.html);
 * EQ and NE take values of every type ("supported for all data types, including lists and maps"), which
 * ScyllaDB's DynamoDB-verified tests confirm for QueryFilter
 * (https://github.com/scylladb/scylladb/blob/master/test/alternator/test_query_filter.py, test_query_filter_eq).
 */
enum Operator {
    EQ(1, 1, Types.ANY), NE(1, 1, Types.ANY),
    LE(1, 1, Types.SCALAR), LT(1, 1, Types.SCALAR), GE(1, 1, Types.SCALAR), GT(1, 1, Types.SCALAR),
    NOT_NULL(0, 0, Types.NONE), NULL(0, 0, Types.NONE),
    CONTAINS(1, 1, Types.SCALAR), NOT_CONTAINS(1, 1, Types.SCALAR),
    BEGINS_WITH(1, 1, Types.STRING_OR_BINARY),
    IN(1, Integer.MAX_VALUE, Types.SCALAR),
    BETWEEN(2, 2, Types.SCALAR);

    /** AWS's enum constraint text lists the operators in this order (dynalite's live-recorded messages). */
    static final String ENUM_VALUE_SET =
            "[IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]";

    /** The expression parser counts IN's left operand too and takes at most 100 operands in all. */
    private static final int IN_CANDIDATES_PER_LIST = 99;

    private enum Types {
        ANY(Set.of()), NONE(Set.of()), SCALAR(Set.of("S", "N", "B")), STRING_OR_BINARY(Set.of("S", "B"));

        final Set<String> allowed;

        Types(Set<String> allowed) {
            this.allowed = allowed;
        }
    }

    private final int minValues;
    private final int maxValues;
    private final Types types;

    Operator(int minValues, int maxValues, Types types) {
        this.minValues = minValues;
        this.maxValues = maxValues;
        this.types = types;
    }

    static boolean isName(String text) {
        for (Operator o : values()) {
            if (o.name().equals(text)) return true;
        }
        return false;
    }

    boolean takesValueCount(int count) {
        return count >= minValues && count <= maxValues;
    }

    boolean takesType(String type) {
        return types == Types.ANY || types.allowed.contains(type);
    }

    /** Operators a KeyConditions entry may use: those that select a range of a sorted key. */
    boolean indexable() {
        return switch (this) {
            case EQ, LE, LT, GE, GT, BEGINS_WITH, BETWEEN -> true;
            default -> false;
        };
    }

    /**
     * The condition expression for {@code name} (a {@code #placeholder}) and the value placeholders.
     * Composite conditions come in parentheses so they can be joined with AND or OR.
     */
    String expression(String name, List<String> values) {
        return switch (this) {
            case EQ -> name + " = " + values.getFirst();
            case NE -> name + " <> " + values.getFirst();
            case LE -> name + " <= " + values.getFirst();
            case LT -> name + " < " + values.getFirst();
            case GE -> name + " >= " + values.getFirst();
            case GT -> name + " > " + values.getFirst();
            case NOT_NULL -> "attribute_exists(" + name + ")";
            case NULL -> "attribute_not_exists(" + name + ")";
            case CONTAINS -> "contains(" + name + ", " + values.getFirst() + ")";
            // Unlike NOT contains(...), NOT_CONTAINS is false for a missing attribute (ScyllaDB's
            // DynamoDB-verified test_expected.py, test_update_expected_1_not_contains).
            case NOT_CONTAINS -> "(attribute_exists(" + name + ") AND NOT contains(" + name + ", " + values.getFirst() + "))";
            case BEGINS_WITH -> "begins_with(" + name + ", " + values.getFirst() + ")";
            case IN -> in(name, values);
            case BETWEEN -> name + " BETWEEN " + values.get(0) + " AND " + values.get(1);
        };
    }

    /** AWS documents no limit on IN's values in the legacy form; longer lists become several INs ORed. */
    private static String in(String name, List<String> values) {
        List<String> lists = new ArrayList<>();
        for (int from = 0; from < values.size(); from += IN_CANDIDATES_PER_LIST) {
            List<String> part = values.subList(from, Math.min(values.size(), from + IN_CANDIDATES_PER_LIST));
            lists.add(name + " IN (" + String.join(", ", part) + ")");
        }
        return lists.size() == 1 ? lists.getFirst() : "(" + String.join(" OR ", lists) + ")";
    }
}
