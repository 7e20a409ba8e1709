package dev.ferry.local.dynamodb.expression;

import dev.ferry.local.dynamodb.ApiException;
import dev.ferry.local.dynamodb.expression.DocumentPath.Element;
import dev.ferry.local.dynamodb.expression.DocumentPath.Index;
import dev.ferry.local.dynamodb.expression.Expressions.Update;
import dev.ferry.local.dynamodb.model.Bytes;
import dev.ferry.local.dynamodb.model.Value;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed update expression. Every operand is read from the item as it was before the update, then
 * SET actions are applied (appends to a list in index order), then REMOVE (list elements by their
 * original indexes), ADD and DELETE.
 */
final class UpdateExpression implements Update {
    static final String INVALID_PATH = "The document path provided in the update expression is invalid for update";
    static final String MISSING_ATTRIBUTE = "The provided expression refers to an attribute that does not exist in the item";
    static final String WRONG_TYPE = "An operand in the update expression has an incorrect data type";

    private final List<UpdateAction> actions;

    UpdateExpression(List<UpdateAction> actions) {
        this.actions = List.copyOf(actions);
    }

    List<UpdateAction> actions() {
        return actions;
    }

    @Override
    public List<DocumentPath> targets() {
        return actions.stream().map(UpdateAction::path).toList();
    }

    @Override
    public boolean removesOnly() {
        return actions.stream().allMatch(a -> a instanceof UpdateAction.Remove || a instanceof UpdateAction.Delete);
    }

    @Override
    public Map<String, Value> apply(Map<String, Value> original) {
        // A missing item reads as empty; DynamoDB then ignores REMOVE of nested paths instead of failing.
        boolean itemExists = !original.isEmpty();
        List<Assignment> assignments = new ArrayList<>();
        for (UpdateAction action : actions) {
            if (action instanceof UpdateAction.Set set) {
                assignments.add(new Assignment(set.path(), evaluate(set.value(), original)));
            }
        }
        assignments.sort(Comparator.comparing(Assignment::path, PathOrder.ASCENDING));

        Map<String, Value> item = original;
        for (Assignment a : assignments) {
            item = write(item, a.path(), a.value());
        }
        List<DocumentPath> removals = actions.stream()
                .filter(a -> a instanceof UpdateAction.Remove).map(UpdateAction::path)
                .sorted(PathOrder.ASCENDING.reversed()).toList();
        for (DocumentPath path : removals) {
            try {
                item = Documents.remove(item, path);
            } catch (Documents.InvalidPath e) {
                if (itemExists) throw ApiException.validation(INVALID_PATH);
            }
        }
        // ADD past the end of a list appends too, in index order like SET's appends, whatever the clause order
        List<UpdateAction> addsAndDeletes = actions.stream()
                .filter(a -> a instanceof UpdateAction.Add || a instanceof UpdateAction.Delete)
                .sorted(Comparator.comparing(UpdateAction::path, PathOrder.ASCENDING)).toList();
        for (UpdateAction action : addsAndDeletes) {
            switch (action) {
                case UpdateAction.Add add -> {
                    Optional<Value> current = Documents.get(item, add.path());
                    Value next = current.isEmpty() ? add.value() : add(current.get(), add.value());
                    item = write(item, add.path(), next);
                }
                case UpdateAction.Delete delete -> {
                    Optional<Value> current = Documents.get(item, delete.path());
                    if (current.isEmpty()) continue;
                    Optional<Value> remaining = subtract(current.get(), delete.value());
                    item = remaining.isPresent()
                            ? write(item, delete.path(), remaining.get())
                            : Documents.remove(item, delete.path());
                }
                default -> { }
            }
        }
        return item;
    }

    private record Assignment(DocumentPath path, Value value) {}

    private static Map<String, Value> write(Map<String, Value> item, DocumentPath path, Value value) {
        try {
            return Documents.set(item, path, value);
        } catch (Documents.InvalidPath e) {
            throw ApiException.validation(INVALID_PATH);
        }
    }

    /** The value of a SET operand, read from the item before the update. */
    static Value evaluate(Operand operand, Map<String, Value> item) {
        return switch (operand) {
            case Operand.Literal l -> l.value();
            case Operand.Path p -> Documents.get(item, p.path())
                    .orElseThrow(() -> ApiException.validation(MISSING_ATTRIBUTE));
            case Operand.Call c when c.name().equals("if_not_exists") -> {
                Optional<Value> existing = Documents.get(item, ((Operand.Path) c.args().getFirst()).path());
                yield existing.isPresent() ? existing.get() : evaluate(c.args().get(1), item);
            }
            case Operand.Call c -> {
                Value first = evaluate(c.args().get(0), item);
                Value second = evaluate(c.args().get(1), item);
                if (!(first instanceof Value.L a) || !(second instanceof Value.L b)) {
                    throw ApiException.validation(WRONG_TYPE);
                }
                List<Value> joined = new ArrayList<>(a.values());
                joined.addAll(b.values());
                yield new Value.L(joined);
            }
            case Operand.Arithmetic a -> {
                Value left = evaluate(a.left(), item);
                Value right = evaluate(a.right(), item);
                if (!(left instanceof Value.N x) || !(right instanceof Value.N y)) {
                    throw ApiException.validation(WRONG_TYPE);
                }
                BigDecimal result = a.plus() ? x.value().add(y.value()) : x.value().subtract(y.value());
                yield new Value.N(result);
            }
        };
    }

    private static Value add(Value current, Value operand) {
        return switch (current) {
            case Value.N n when operand instanceof Value.N m -> new Value.N(n.value().add(m.value()));
            case Value.SS s when operand instanceof Value.SS t -> new Value.SS(union(s.values(), t.values()));
            case Value.NS s when operand instanceof Value.NS t -> new Value.NS(union(s.values(), t.values()));
            case Value.BS s when operand instanceof Value.BS t -> new Value.BS(union(s.values(), t.values()));
            default -> throw ApiException.validation(WRONG_TYPE);
        };
    }

    /** What is left of a set after DELETE; empty when nothing is, which removes the attribute. */
    private static Optional<Value> subtract(Value current, Value operand) {
        Value rest = switch (current) {
            case Value.SS s when operand instanceof Value.SS t -> {
                Set<String> left = difference(s.values(), t.values());
                yield left.isEmpty() ? null : new Value.SS(left);
            }
            case Value.NS s when operand instanceof Value.NS t -> {
                Set<BigDecimal> left = difference(s.values(), t.values());
                yield left.isEmpty() ? null : new Value.NS(left);
            }
            case Value.BS s when operand instanceof Value.BS t -> {
                Set<Bytes> left = difference(s.values(), t.values());
                yield left.isEmpty() ? null : new Value.BS(left);
            }
            default -> throw ApiException.validation(WRONG_TYPE);
        };
        return Optional.ofNullable(rest);
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return out;
    }

    private static <T> Set<T> difference(Set<T> a, Set<T> b) {
        Set<T> out = new LinkedHashSet<>(a);
        out.removeAll(b);
        return out;
    }

    /**
     * Orders paths element by element, list indexes numerically, so that appends beyond the end of a
     * list land in index order and removals can run from the highest index down.
     */
    private enum PathOrder implements Comparator<DocumentPath> {
        ASCENDING;

        @Override
        public int compare(DocumentPath a, DocumentPath b) {
            List<Element> x = a.elements();
            List<Element> y = b.elements();
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                int c = compare(x.get(i), y.get(i));
                if (c != 0) return c;
            }
            return Integer.compare(x.size(), y.size());
        }

        private static int compare(Element a, Element b) {
            if (a instanceof Index i && b instanceof Index j) return Integer.compare(i.index(), j.index());
            if (a instanceof DocumentPath.Key k && b instanceof DocumentPath.Key l) return k.name().compareTo(l.name());
            return a instanceof Index ? 1 : -1;
        }
    }
}
