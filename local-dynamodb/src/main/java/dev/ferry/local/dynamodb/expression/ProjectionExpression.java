package dev.ferry.local.dynamodb.expression;

import dev.ferry.local.dynamodb.expression.DocumentPath.Element;
import dev.ferry.local.dynamodb.expression.DocumentPath.Index;
import dev.ferry.local.dynamodb.expression.DocumentPath.Key;
import dev.ferry.local.dynamodb.expression.Expressions.Projection;
import dev.ferry.local.dynamodb.model.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Selects paths from an item, keeping the nesting of what it selects. Selected list elements are
 * gathered in index order into a shorter list, and a path the item lacks contributes nothing (not
 * even an empty map around it), as DynamoDB returns them.
 */
final class ProjectionExpression implements Projection {
    private final List<DocumentPath> paths;
    private final Selection root = new Selection();

    ProjectionExpression(List<DocumentPath> paths) {
        this.paths = List.copyOf(paths);
        for (DocumentPath path : this.paths) root.add(path.elements(), 0);
    }

    @Override
    public List<DocumentPath> paths() {
        return paths;
    }

    @Override
    public Map<String, Value> apply(Map<String, Value> item) {
        Map<String, Value> out = new LinkedHashMap<>();
        root.keys.forEach((name, selection) -> {
            Value value = item.get(name);
            if (value != null) selection.project(value).ifPresent(v -> out.put(name, v));
        });
        return out;
    }

    /** The tree of selected paths; a node that is {@code whole} keeps its value entirely. */
    private static final class Selection {
        boolean whole;
        final Map<String, Selection> keys = new LinkedHashMap<>();
        final TreeMap<Integer, Selection> indexes = new TreeMap<>();

        void add(List<Element> elements, int at) {
            if (at == elements.size()) {
                whole = true;
                return;
            }
            Selection child = switch (elements.get(at)) {
                case Key k -> keys.computeIfAbsent(k.name(), n -> new Selection());
                case Index i -> indexes.computeIfAbsent(i.index(), n -> new Selection());
            };
            child.add(elements, at + 1);
        }

        Optional<Value> project(Value value) {
            if (whole) return Optional.of(value);
            if (value instanceof Value.M m && !keys.isEmpty()) {
                Map<String, Value> out = new LinkedHashMap<>();
                keys.forEach((name, selection) -> {
                    Value child = m.values().get(name);
                    if (child != null) selection.project(child).ifPresent(v -> out.put(name, v));
                });
                return out.isEmpty() ? Optional.empty() : Optional.of(new Value.M(out));
            }
            if (value instanceof Value.L l && !indexes.isEmpty()) {
                List<Value> out = new ArrayList<>();
                indexes.forEach((index, selection) -> {
                    if (index < l.values().size()) selection.project(l.values().get(index)).ifPresent(out::add);
                });
                return out.isEmpty() ? Optional.empty() : Optional.of(new Value.L(out));
            }
            return Optional.empty();
        }
    }
}
