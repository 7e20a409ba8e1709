package dev.ferry.local.dynamodb.expression;

import dev.ferry.local.dynamodb.expression.Expressions.Condition;
import dev.ferry.local.dynamodb.model.Value;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed condition, evaluated against an item. A missing attribute makes comparisons and functions
 * false, except {@code <>}, for which "missing" differs from everything (even from another missing
 * attribute), as on DynamoDB.
 */
sealed interface ConditionNode extends Condition {

    record Compare(ComparisonOperator op, Operand left, Operand right) implements ConditionNode {
        public boolean test(Map<String, Value> item) {
            Optional<Value> a = evaluate(left, item);
            Optional<Value> b = evaluate(right, item);
            if (a.isEmpty() || b.isEmpty()) return op == ComparisonOperator.NE;
            return op.test(a.get(), b.get());
        }
    }

    record Between(Operand subject, Operand lower, Operand upper) implements ConditionNode {
        public boolean test(Map<String, Value> item) {
            Optional<Value> v = evaluate(subject, item);
            Optional<Value> lo = evaluate(lower, item);
            Optional<Value> hi = evaluate(upper, item);
            if (v.isEmpty() || lo.isEmpty() || hi.isEmpty()) return false;
            return ComparisonOperator.GE.test(v.get(), lo.get()) && ComparisonOperator.LE.test(v.get(), hi.get());
        }
    }

    record In(Operand subject, List<Operand> candidates) implements ConditionNode {
        public In {
            candidates = List.copyOf(candidates);
        }

        public boolean test(Map<String, Value> item) {
            Optional<Value> v = evaluate(subject, item);
            if (v.isEmpty()) return false;
            for (Operand candidate : candidates) {
                if (evaluate(candidate, item).filter(v.get()::equals).isPresent()) return true;
            }
            return false;
        }
    }

    record And(ConditionNode left, ConditionNode right) implements ConditionNode {
        public boolean test(Map<String, Value> item) {
            return left.test(item) && right.test(item);
        }
    }

    record Or(ConditionNode left, ConditionNode right) implements ConditionNode {
        public boolean test(Map<String, Value> item) {
            return left.test(item) || right.test(item);
        }
    }

    record Not(ConditionNode operand) implements ConditionNode {
        public boolean test(Map<String, Value> item) {
            return !operand.test(item);
        }
    }

    /** One of the boolean functions: attribute_exists, attribute_not_exists, attribute_type, begins_with, contains. */
    record Function(String name, List<Operand> args) implements ConditionNode {
        public Function {
            args = List.copyOf(args);
        }

        public boolean test(Map<String, Value> item) {
            Optional<Value> first = evaluate(args.getFirst(), item);
            return switch (name) {
                case "attribute_exists" -> first.isPresent();
                case "attribute_not_exists" -> first.isEmpty();
                case "attribute_type" -> first.isPresent() && evaluate(args.get(1), item)
                        .filter(t -> t instanceof Value.S s && s.value().equals(first.get().type())).isPresent();
                case "begins_with" -> first.isPresent() && evaluate(args.get(1), item)
                        .filter(p -> Functions.beginsWith(first.get(), p)).isPresent();
                case "contains" -> first.isPresent() && evaluate(args.get(1), item)
                        .filter(o -> Functions.contains(first.get(), o)).isPresent();
                default -> throw new IllegalStateException("not a condition function: " + name);
            };
        }
    }

    /** Every document path the condition reads, in order of appearance. */
    default List<DocumentPath> paths() {
        List<DocumentPath> out = new java.util.ArrayList<>();
        collect(this, out);
        return out;
    }

    private static void collect(ConditionNode node, List<DocumentPath> out) {
        switch (node) {
            case Compare c -> {
                collect(c.left(), out);
                collect(c.right(), out);
            }
            case Between b -> List.of(b.subject(), b.lower(), b.upper()).forEach(o -> collect(o, out));
            case In in -> {
                collect(in.subject(), out);
                in.candidates().forEach(o -> collect(o, out));
            }
            case And a -> {
                collect(a.left(), out);
                collect(a.right(), out);
            }
            case Or o -> {
                collect(o.left(), out);
                collect(o.right(), out);
            }
            case Not n -> collect(n.operand(), out);
            case Function f -> f.args().forEach(o -> collect(o, out));
        }
    }

    private static void collect(Operand operand, List<DocumentPath> out) {
        switch (operand) {
            case Operand.Path p -> out.add(p.path());
            case Operand.Call c -> c.args().forEach(o -> collect(o, out));
            case Operand.Arithmetic a -> {
                collect(a.left(), out);
                collect(a.right(), out);
            }
            case Operand.Literal l -> { }
        }
    }

    /** The value of an operand in a condition; empty when it refers to something the item lacks. */
    static Optional<Value> evaluate(Operand operand, Map<String, Value> item) {
        return switch (operand) {
            case Operand.Path p -> Documents.get(item, p.path());
            case Operand.Literal l -> Optional.of(l.value());
            case Operand.Call c when c.name().equals("size") -> evaluate(c.args().getFirst(), item).flatMap(Functions::size);
            case Operand.Call c -> Optional.empty();
            case Operand.Arithmetic a -> Optional.empty();
        };
    }
}
