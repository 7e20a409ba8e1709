package dev.ferry.local.dynamodb.expression;

import dev.ferry.local.dynamodb.expression.DocumentPath.Element;
import dev.ferry.local.dynamodb.expression.DocumentPath.Index;
import dev.ferry.local.dynamodb.expression.DocumentPath.Key;
import dev.ferry.local.dynamodb.model.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.ObjIntConsumer;

/**
 * Reads and rewrites document paths inside items. Values are immutable, so a write copies the maps and
 * lists along the path and shares everything else.
 */
final class Documents {
    private Documents() {}

    /** The value at {@code path}, or empty when any step is missing or has the wrong type. */
    static Optional<Value> get(Map<String, Value> item, DocumentPath path) {
        Value current = item.get(path.attribute());
        List<Element> elements = path.elements();
        for (int i = 1; i < elements.size() && current != null; i++) {
            current = child(current, elements.get(i));
        }
        return Optional.ofNullable(current);
    }

    private static Value child(Value container, Element element) {
        return switch (element) {
            case Key k when container instanceof Value.M m -> m.values().get(k.name());
            case Index i when container instanceof Value.L l -> i.index() < l.values().size() ? l.values().get(i.index()) : null;
            default -> null;
        };
    }

    /** What went wrong when a write cannot follow its path. */
    static final class InvalidPath extends RuntimeException {
        InvalidPath() {
            super(null, null, false, false);
        }
    }

    /**
     * Writes {@code value} at {@code path}. Every step but the last must exist with the right type (map
     * for a key, list for an index); an index at or beyond the end of a list appends.
     */
    static Map<String, Value> set(Map<String, Value> item, DocumentPath path, Value value) {
        Map<String, Value> copy = new LinkedHashMap<>(item);
        List<Element> elements = path.elements();
        if (elements.size() == 1) {
            copy.put(path.attribute(), value);
            return copy;
        }
        Value top = item.get(path.attribute());
        if (top == null) throw new InvalidPath();
        copy.put(path.attribute(), rewriteIn(top, elements, 1, LastStep.setTo(value)));
        return copy;
    }

    /**
     * Removes the value at {@code path}. A missing last step is not an error; a missing or mistyped
     * step before it is.
     */
    static Map<String, Value> remove(Map<String, Value> item, DocumentPath path) {
        List<Element> elements = path.elements();
        if (elements.size() == 1) {
            if (!item.containsKey(path.attribute())) return item;
            Map<String, Value> copy = new LinkedHashMap<>(item);
            copy.remove(path.attribute());
            return copy;
        }
        Value top = item.get(path.attribute());
        if (top == null) throw new InvalidPath();
        Map<String, Value> copy = new LinkedHashMap<>(item);
        copy.put(path.attribute(), rewriteIn(top, elements, 1, LastStep.REMOVE));
        return copy;
    }

    /** What a write does where its path ends, in a copy of the map or list that holds the last step. */
    private record LastStep(BiConsumer<Map<String, Value>, String> inMap, ObjIntConsumer<List<Value>> inList) {
        static final LastStep REMOVE = new LastStep((map, key) -> map.remove(key), (list, index) -> {
            if (index < list.size()) list.remove(index);
        });

        static LastStep setTo(Value value) {
            return new LastStep((map, key) -> map.put(key, value), (list, index) -> {
                if (index < list.size()) list.set(index, value);
                else list.add(value);
            });
        }
    }

    /** Copies {@code container} with {@code step} applied at the end of {@code elements}, from element {@code at} on. */
    private static Value rewriteIn(Value container, List<Element> elements, int at, LastStep step) {
        Element element = elements.get(at);
        boolean last = at == elements.size() - 1;
        switch (element) {
            case Key k when container instanceof Value.M m -> {
                Map<String, Value> map = new LinkedHashMap<>(m.values());
                if (last) {
                    step.inMap().accept(map, k.name());
                } else {
                    Value next = map.get(k.name());
                    if (next == null) throw new InvalidPath();
                    map.put(k.name(), rewriteIn(next, elements, at + 1, step));
                }
                return new Value.M(map);
            }
            case Index i when container instanceof Value.L l -> {
                List<Value> list = new ArrayList<>(l.values());
                if (last) {
                    step.inList().accept(list, i.index());
                } else {
                    if (i.index() >= list.size()) throw new InvalidPath();
                    list.set(i.index(), rewriteIn(list.get(i.index()), elements, at + 1, step));
                }
                return new Value.L(list);
            }
            default -> throw new InvalidPath();
        }
    }

    /** The relation DynamoDB checks between two paths of one update or projection. */
    enum Relation { INDEPENDENT, OVERLAP, CONFLICT }

    /**
     * Two paths overlap when one is a prefix of the other (or they are equal); they conflict when at
     * the first place they differ one uses a map key and the other a list index.
     */
    static Relation relation(DocumentPath a, DocumentPath b) {
        List<Element> x = a.elements();
        List<Element> y = b.elements();
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            Element ex = x.get(i);
            Element ey = y.get(i);
            if (ex.getClass() != ey.getClass()) return Relation.CONFLICT;
            if (!ex.equals(ey)) return Relation.INDEPENDENT;
        }
        return Relation.OVERLAP;
    }

    /** Records DynamoDB's overlap or conflict error for the first offending pair of {@code paths}. */
    static void checkIndependent(List<DocumentPath> paths, Problems problems) {
        for (int j = 1; j < paths.size(); j++) {
            for (int i = 0; i < j; i++) {
                DocumentPath one = paths.get(i);
                DocumentPath two = paths.get(j);
                switch (relation(one, two)) {
                    case OVERLAP -> problems.add(Problems.Kind.PATH_OVERLAP,
                            "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: "
                                    + one.display() + ", path two: " + two.display());
                    case CONFLICT -> problems.add(Problems.Kind.PATH_CONFLICT,
                            "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: "
                                    + one.display() + ", path two: " + two.display());
                    case INDEPENDENT -> { }
                }
            }
        }
    }
}
