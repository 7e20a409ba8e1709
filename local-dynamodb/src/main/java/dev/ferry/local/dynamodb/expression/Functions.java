package dev.ferry.local.dynamodb.expression;

import dev.ferry.local.dynamodb.model.Value;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The semantics of the condition functions and of the value rules they share. */
final class Functions {
    static final Map<String, Integer> CONDITION_FUNCTIONS = Map.of(
            "attribute_exists", 1,
            "attribute_not_exists", 1,
            "attribute_type", 2,
            "begins_with", 2,
            "contains", 2,
            "size", 1);

    static final Map<String, Integer> UPDATE_FUNCTIONS = Map.of(
            "if_not_exists", 2,
            "list_append", 2);

    /** The functions that are conditions in their own right (all but {@code size}). */
    static final Set<String> BOOLEAN_FUNCTIONS = Set.of(
            "attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains");

    static final Set<String> TYPE_NAMES = Set.of("S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL");

    private Functions() {}

    /**
     * {@code size}: a string's length in UTF-16 code units (what DynamoDB counts, unlike the 400 KB
     * accounting which uses UTF-8 bytes), a binary's length in bytes, a collection's element count.
     */
    static Optional<Value> size(Value v) {
        int n = switch (v) {
            case Value.S s -> s.value().length();
            case Value.B b -> b.value().length();
            case Value.SS ss -> ss.values().size();
            case Value.NS ns -> ns.values().size();
            case Value.BS bs -> bs.values().size();
            case Value.L l -> l.values().size();
            case Value.M m -> m.values().size();
            default -> -1;
        };
        return n < 0 ? Optional.empty() : Optional.of(new Value.N(java.math.BigDecimal.valueOf(n)));
    }

    static boolean beginsWith(Value v, Value prefix) {
        return switch (v) {
            case Value.S s when prefix instanceof Value.S p -> s.value().startsWith(p.value());
            case Value.B b when prefix instanceof Value.B p -> b.value().startsWith(p.value());
            default -> false;
        };
    }

    /** {@code contains}: a substring, a subsequence of bytes, a member of a set, or an element of a list. */
    static boolean contains(Value v, Value operand) {
        return switch (v) {
            case Value.S s when operand instanceof Value.S o -> s.value().contains(o.value());
            case Value.B b when operand instanceof Value.B o -> b.value().contains(o.value());
            case Value.SS ss when operand instanceof Value.S o -> ss.values().contains(o.value());
            case Value.NS ns when operand instanceof Value.N o -> ns.values().contains(o.value());
            case Value.BS bs when operand instanceof Value.B o -> bs.values().contains(o.value());
            case Value.L l -> l.values().contains(operand);
            default -> false;
        };
    }

    /** DynamoDB's rendering of a literal in BETWEEN errors: {@code {N:1}}. */
    static String display(Value v) {
        String text = switch (v) {
            case Value.S s -> s.value();
            case Value.N n -> n.text();
            case Value.B b -> b.value().toBase64();
            default -> v.toString();
        };
        return "AttributeValue: {" + v.type() + ":" + text + "}";
    }

    /** The type names ADD and DELETE use in their operand errors. */
    static String longTypeName(Value v) {
        return switch (v.type()) {
            case "S" -> "STRING";
            case "N" -> "NUMBER";
            case "B" -> "BINARY";
            case "BOOL" -> "BOOLEAN";
            case "L" -> "LIST";
            case "M" -> "MAP";
            default -> v.type();
        };
    }

    static boolean isSet(Value v) {
        return v instanceof Value.SS || v instanceof Value.NS || v instanceof Value.BS;
    }
}
