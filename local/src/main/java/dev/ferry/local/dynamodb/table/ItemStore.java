package dev.ferry.local.dynamodb.table;

import dev.ferry.local.dynamodb.model.Value;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Items ordered by partition value, then by position inside the partition. Not thread-safe: the owning
 * {@link Table}'s lock guards it. Both tables and indexes use it; an index stores the full item and
 * applies its projection when read, so an item costs one copy however many indexes hold it.
 */
public final class ItemStore {
    private final TreeMap<Value, TreeMap<SortKey, Map<String, Value>>> partitions = new TreeMap<>(Value::compare);
    private long count;
    private long bytes;

    public Optional<Map<String, Value>> get(Value partition, SortKey position) {
        var p = partitions.get(partition);
        return p == null ? Optional.empty() : Optional.ofNullable(p.get(position));
    }

    public void put(Value partition, SortKey position, Map<String, Value> item) {
        var previous = partitions.computeIfAbsent(partition, k -> new TreeMap<>()).put(position, item);
        if (previous != null) {
            bytes -= Value.itemSize(previous);
        } else {
            count++;
        }
        bytes += Value.itemSize(item);
    }

    public void remove(Value partition, SortKey position) {
        var p = partitions.get(partition);
        if (p == null) return;
        var previous = p.remove(position);
        if (previous != null) {
            count--;
            bytes -= Value.itemSize(previous);
        }
        if (p.isEmpty()) partitions.remove(partition);
    }

    public NavigableMap<SortKey, Map<String, Value>> partition(Value partition) {
        var p = partitions.get(partition);
        return p == null ? Collections.emptyNavigableMap() : Collections.unmodifiableNavigableMap(p);
    }

    public NavigableMap<Value, TreeMap<SortKey, Map<String, Value>>> partitions() {
        return Collections.unmodifiableNavigableMap(partitions);
    }

    public long count() {
        return count;
    }

    public long bytes() {
        return bytes;
    }
}
