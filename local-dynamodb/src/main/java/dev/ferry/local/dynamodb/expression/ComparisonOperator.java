package dev.ferry.local.dynamodb.expression;

import dev.ferry.local.dynamodb.model.Value;

/** The comparison operators of condition and key condition expressions. */
enum ComparisonOperator {
    EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

    private final String symbol;

    ComparisonOperator(String symbol) {
        this.symbol = symbol;
    }

    String symbol() {
        return symbol;
    }

    boolean isOrdering() {
        return this != EQ && this != NE;
    }

    /** The operator with its operands swapped: {@code :v < a} is {@code a > :v}. */
    ComparisonOperator flipped() {
        return switch (this) {
            case LT -> GT;
            case LE -> GE;
            case GT -> LT;
            case GE -> LE;
            default -> this;
        };
    }

    /**
     * Applies the operator to two present values. Equality is DynamoDB's (sets regardless of order,
     * numbers by value); values of different types are unequal and unordered.
     */
    boolean test(Value left, Value right) {
        return switch (this) {
            case EQ -> left.equals(right);
            case NE -> !left.equals(right);
            default -> {
                if (!Value.comparable(left, right)) yield false;
                int c = Value.compare(left, right);
                yield switch (this) {
                    case LT -> c < 0;
                    case LE -> c <= 0;
                    case GT -> c > 0;
                    default -> c >= 0;
                };
            }
        };
    }

    static ComparisonOperator of(Token t) {
        return switch (t.kind()) {
            case EQ -> EQ;
            case NE -> NE;
            case LT -> LT;
            case LE -> LE;
            case GT -> GT;
            case GE -> GE;
            default -> throw new IllegalArgumentException("not a comparator: " + t.text());
        };
    }
}
