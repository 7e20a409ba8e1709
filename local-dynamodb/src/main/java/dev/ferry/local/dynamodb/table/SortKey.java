package dev.ferry.local.dynamodb.table;

import dev.ferry.local.dynamodb.model.Value;
import java.util.List;

/**
 * The position of an entry inside one partition of an {@link ItemStore}. For a table it is the sort key
 * (or nothing); for an index it is the index sort key followed by the table key, because index keys
 * need not be unique. Every position of one store has the same types, so element-wise comparison is total.
 */
public record SortKey(List<Value> parts) implements Comparable<SortKey> {
    public static final SortKey NONE = new SortKey(List.of());

    @Override
    public int compareTo(SortKey other) {
        int n = Math.min(parts.size(), other.parts.size());
        for (int i = 0; i < n; i++) {
            int c = Value.compare(parts.get(i), other.parts.get(i));
            if (c != 0) return c;
        }
        return Integer.compare(parts.size(), other.parts.size());
    }
}
