package dev.ferry.local.dynamodb.ops;

import dev.ferry.local.dynamodb.expression.DocumentPath;
import dev.ferry.local.dynamodb.model.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Selects document paths from an item, as ReturnValues UPDATED_OLD/UPDATED_NEW do: nested paths keep
 * their enclosing maps, and selected list elements keep their order.
 */
final class Paths {
    private Paths() {}

    /** Which parts of a value are selected: all of it, or some of its map keys or list indexes. */
    private static final class Selection {
        boolean whole;
        final Map<String, Selection> keys = new LinkedHashMap<>();
        final TreeMap<Integer, Selection> indexes = new TreeMap<>();
    }

    static Map<String, Value> project(Map<String, Value> item, List<DocumentPath> paths) {
        Selection root = new Selection();
        for (DocumentPath path : paths) {
            Selection s = root;
            for (DocumentPath.Element e : path.elements()) {
                if (s.whole) break;
                s = switch (e) {
                    case DocumentPath.Key k -> s.keys.computeIfAbsent(k.name(), x -> new Selection());
                    case DocumentPath.Index i -> s.indexes.computeIfAbsent(i.index(), x -> new Selection());
                };
            }
            s.whole = true;
        }
        Map<String, Value> out = new LinkedHashMap<>();
        root.keys.forEach((name, sel) -> {
            Value v = item.get(name);
            if (v != null) select(v, sel).ifPresent(p -> out.put(name, p));
        });
        return out;
    }

    private static Optional<Value> select(Value v, Selection sel) {
        if (sel.whole) return Optional.of(v);
        if (v instanceof Value.M m && !sel.keys.isEmpty()) {
            Map<String, Value> out = new LinkedHashMap<>();
            sel.keys.forEach((k, s) -> {
                Value child = m.values().get(k);
                if (child != null) select(child, s).ifPresent(p -> out.put(k, p));
            });
            return out.isEmpty() ? Optional.empty() : Optional.of(new Value.M(out));
        }
        if (v instanceof Value.L l && !sel.indexes.isEmpty()) {
            List<Value> out = new ArrayList<>();
            sel.indexes.forEach((i, s) -> {
                if (i < l.values().size()) select(l.values().get(i), s).ifPresent(out::add);
            });
            return out.isEmpty() ? Optional.empty() : Optional.of(new Value.L(out));
        }
        return Optional.empty();
    }
}
