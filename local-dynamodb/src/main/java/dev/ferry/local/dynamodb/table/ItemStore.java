package dev.ferry.local.dynamodb.table;

import dev.ferry.local.dynamodb.model.Value;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Items ordered by partition value, then by position inside the partition, in one sorted map (one map
 * entry per item keeps the memory per item low). Not thread-safe: the owning {@link Table}'s lock guards
 * it. Both tables and indexes use it; an index stores the full item and applies its projection when
 * read, so an item costs one copy however many indexes hold it.
 */
public final class ItemStore {
    private final TreeMap<Position, Map<String, Value>> entries = new TreeMap<>();
    private long count;
    private long bytes;

    /**
     * Where an entry sits. {@code bound} is 0 for an entry; -1 and +1 make the positions just before and
     * just after every entry of a partition, to cut one partition out of the whole map.
     */
    public record Position(Value partition, SortKey sort, int bound) implements Comparable<Position> {
        public static Position of(Value partition, SortKey sort) {
            return new Position(partition, sort, 0);
        }

        @Override
        public int compareTo(Position other) {
            int c = Value.compare(partition, other.partition);
            if (c != 0) return c;
            if (bound != 0 || other.bound != 0) return Integer.compare(bound, other.bound);
            return sort.compareTo(other.sort);
        }
    }

    public Optional<Map<String, Value>> get(Value partition, SortKey position) {
        return Optional.ofNullable(entries.get(Position.of(partition, position)));
    }

    public void put(Value partition, SortKey position, Map<String, Value> item) {
        var previous = entries.put(Position.of(partition, position), item);
        if (previous != null) {
            bytes -= Value.itemSize(previous);
        } else {
            count++;
        }
        bytes += Value.itemSize(item);
    }

    public void remove(Value partition, SortKey position) {
        var previous = entries.remove(Position.of(partition, position));
        if (previous != null) {
            count--;
            bytes -= Value.itemSize(previous);
        }
    }

    /** The entries of one partition, in sort order. */
    public NavigableMap<Position, Map<String, Value>> partition(Value partition) {
        return Collections.unmodifiableNavigableMap(entries.subMap(
                new Position(partition, SortKey.NONE, -1), false, new Position(partition, SortKey.NONE, 1), false));
    }

    /** Every entry, partition by partition. */
    public NavigableMap<Position, Map<String, Value>> entries() {
        return Collections.unmodifiableNavigableMap(entries);
    }

    public Collection<Map<String, Value>> items() {
        return Collections.unmodifiableCollection(entries.values());
    }

    public long count() {
        return count;
    }

    public long bytes() {
        return bytes;
    }
}
