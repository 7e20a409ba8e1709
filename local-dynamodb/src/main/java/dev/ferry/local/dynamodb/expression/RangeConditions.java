package dev.ferry.local.dynamodb.expression;

import dev.ferry.local.dynamodb.expression.Expressions.RangeCondition;
import dev.ferry.local.dynamodb.model.Value;
import java.util.List;

/**
 * The range key conditions a KeyConditionExpression can hold, as public records so that a query
 * planner can read the operator and bounds (to seek in a sorted index) as well as test values.
 */
public final class RangeConditions {
    private RangeConditions() {}

    public enum Operator { EQ, LT, LE, GT, GE }

    /** {@code sk = :v}, {@code sk < :v}, ... with the key attribute on the left. */
    public record Comparison(Operator operator, Value value) implements RangeCondition {
        @Override
        public List<Value> values() {
            return List.of(value);
        }

        @Override
        public boolean test(Value rangeValue) {
            if (!Value.comparable(rangeValue, value)) return false;
            int c = Value.compare(rangeValue, value);
            return switch (operator) {
                case EQ -> c == 0;
                case LT -> c < 0;
                case LE -> c <= 0;
                case GT -> c > 0;
                case GE -> c >= 0;
            };
        }
    }

    /** {@code sk BETWEEN :lower AND :upper}, both bounds included. */
    public record Between(Value lower, Value upper) implements RangeCondition {
        @Override
        public List<Value> values() {
            return List.of(lower, upper);
        }

        @Override
        public boolean test(Value rangeValue) {
            return Value.comparable(rangeValue, lower) && Value.comparable(rangeValue, upper)
                    && Value.compare(rangeValue, lower) >= 0 && Value.compare(rangeValue, upper) <= 0;
        }
    }

    /** {@code begins_with(sk, :prefix)} for string and binary keys. */
    public record BeginsWith(Value prefix) implements RangeCondition {
        @Override
        public List<Value> values() {
            return List.of(prefix);
        }

        @Override
        public boolean test(Value rangeValue) {
            return Functions.beginsWith(rangeValue, prefix);
        }
    }
}
