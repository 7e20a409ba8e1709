package dev.ferry.local.dynamodb.expression;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Semantic errors found while parsing. DynamoDB parses the whole expression before it judges it, and
 * when several things are wrong it reports one of them by a fixed precedence (a reserved word before an
 * undefined placeholder, for example); keeping the first error of each kind reproduces that.
 */
final class Problems {
    /** In the order DynamoDB reports them. */
    enum Kind {
        REDUNDANT_PARENTHESES, UNKNOWN_FUNCTION, MISUSED_FUNCTION, RESERVED_WORD, REPEATED_SECTION,
        UNDEFINED_PLACEHOLDER, NESTING, PATH_OVERLAP, PATH_CONFLICT, OPERAND_COUNT, DISTINCT_OPERANDS,
        OPERAND_TYPE, TOO_MANY_OPERANDS
    }

    private final EnumMap<Kind, String> first = new EnumMap<>(Kind.class);
    private Optional<Kind> reportedFirst = Optional.empty();

    /** Update expressions report a reserved word even before an unknown function. */
    void reportFirst(Kind kind) {
        reportedFirst = Optional.of(kind);
    }

    void add(Kind kind, String message) {
        first.putIfAbsent(kind, message);
    }

    Optional<String> mostImportant() {
        if (reportedFirst.isPresent() && first.containsKey(reportedFirst.get())) {
            return Optional.of(first.get(reportedFirst.get()));
        }
        return first.values().stream().findFirst();
    }

    Map<Kind, String> snapshot() {
        return new EnumMap<>(first);
    }

    void restore(Map<Kind, String> snapshot) {
        first.clear();
        first.putAll(snapshot);
    }
}
