package dev.ferry.local.dynamodb.table;

import dev.ferry.local.dynamodb.ApiException;
import dev.ferry.local.dynamodb.model.Value;
import dev.ferry.local.dynamodb.stream.StreamLog;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One table: its definition, its items, its indexes and its current stream. Every read and write
 * happens while holding {@link #lock()}, which makes each operation atomic and linearizable; a
 * transaction holds the locks of all its tables, taken in name order so that transactions never deadlock.
 */
public final class Table {
    public static final int MAX_ITEM_BYTES = 400 * 1024;
    public static final int MAX_HASH_KEY_BYTES = 2048;
    public static final int MAX_RANGE_KEY_BYTES = 1024;

    private final ReentrantLock lock = new ReentrantLock();
    private final String name;
    private final String arn;
    private final String id;
    private final Instant created;
    private final KeySchema keySchema;
    private final Map<String, String> attributeTypes;
    private final ItemStore items = new ItemStore();
    private final Map<String, Index> indexes = new LinkedHashMap<>();
    private String billingMode;
    private long readCapacity;
    private long writeCapacity;
    private boolean deletionProtection;
    private StreamLog stream;
    private StreamLog latestStream;
    private String ttlAttribute;
    private boolean deleted;
    private final Lifecycle lifecycle = new Lifecycle();

    public Table(String name, String arn, String id, Instant created, KeySchema keySchema,
                 Map<String, String> attributeTypes, String billingMode, long readCapacity, long writeCapacity,
                 boolean deletionProtection) {
        this.name = name;
        this.arn = arn;
        this.id = id;
        this.created = created;
        this.keySchema = keySchema;
        this.attributeTypes = new LinkedHashMap<>(attributeTypes);
        this.billingMode = billingMode;
        this.readCapacity = readCapacity;
        this.writeCapacity = writeCapacity;
        this.deletionProtection = deletionProtection;
    }

    public ReentrantLock lock() { return lock; }
    public String name() { return name; }
    public String arn() { return arn; }
    public String id() { return id; }
    public Instant created() { return created; }
    public KeySchema keySchema() { return keySchema; }
    public Map<String, String> attributeTypes() { return attributeTypes; }
    public ItemStore items() { return items; }
    public Collection<Index> indexes() { return indexes.values(); }
    public Optional<Index> index(String indexName) { return Optional.ofNullable(indexes.get(indexName)); }
    public String billingMode() { return billingMode; }
    public long readCapacity() { return readCapacity; }
    public long writeCapacity() { return writeCapacity; }
    public boolean deletionProtection() { return deletionProtection; }
    public Optional<StreamLog> stream() { return Optional.ofNullable(stream); }
    /** The newest stream, enabled or not: DescribeTable keeps naming it after streaming is turned off. */
    public Optional<StreamLog> latestStream() { return Optional.ofNullable(latestStream); }
    public Optional<String> ttlAttribute() { return Optional.ofNullable(ttlAttribute); }
    public boolean deleted() { return deleted; }
    /** CREATING, ACTIVE, UPDATING or DELETING, and when the current transition settles. */
    public Lifecycle lifecycle() { return lifecycle; }

    /** The table's status at {@code now}. */
    public Lifecycle.Status status(Instant now) {
        return lifecycle.status(now);
    }

    /** Lets the transitions whose time has come settle: a deleted index whose deletion has run its course goes. */
    public void settle(Instant now) {
        lifecycle.status(now);
        for (Index index : List.copyOf(indexes.values())) {
            if (index.lifecycle().goneBy(now)) removeIndex(index.name());
        }
    }

    public void setBilling(String mode, long read, long write) {
        this.billingMode = mode;
        this.readCapacity = read;
        this.writeCapacity = write;
    }

    public void setDeletionProtection(boolean on) { this.deletionProtection = on; }
    public void setTtlAttribute(Optional<String> attribute) { this.ttlAttribute = attribute.orElse(null); }
    public void markDeleted() { this.deleted = true; }

    /** Makes {@code log} the table's stream, or turns streaming off with empty. The old stream is closed. */
    public void setStream(Optional<StreamLog> log, Instant now) {
        if (stream != null) stream.disable(now);
        stream = log.orElse(null);
        if (stream != null) latestStream = stream;
    }

    /** Adds a GSI and fills it from the items already in the table (AWS's backfill, done at once). */
    public void addIndex(Index index, Map<String, String> newAttributeTypes) {
        attributeTypes.putAll(newAttributeTypes);
        indexes.put(index.name(), index);
        for (var item : items.items()) {
            if (index.keySchema().coversItem(item)) {
                index.store().put(item.get(index.keySchema().hash().name()), index.positionOf(item, keySchema), item);
            }
        }
    }

    public void removeIndex(String indexName) {
        indexes.remove(indexName);
        attributeTypes.keySet().removeIf(a -> !isKeyAttribute(a));
    }

    private boolean isKeyAttribute(String attribute) {
        if (keySchema.names().contains(attribute)) return true;
        return indexes.values().stream().anyMatch(i -> i.keySchema().names().contains(attribute));
    }

    public Optional<Map<String, Value>> get(ItemKey key) {
        return items.get(key.hash(), positionOf(key));
    }

    public SortKey positionOf(ItemKey key) {
        return key.range().map(r -> new SortKey(List.of(r))).orElse(SortKey.NONE);
    }

    /**
     * Replaces ({@code newItem} present) or deletes (empty) the item at {@code key}, keeps the indexes in
     * step and appends a stream record when the data changed. Returns the previous item.
     */
    public Optional<Map<String, Value>> write(ItemKey key, Optional<Map<String, Value>> newItem, boolean byTtl, Instant now) {
        newItem = newItem.map(Map::copyOf);
        SortKey position = positionOf(key);
        Optional<Map<String, Value>> old = items.get(key.hash(), position);
        if (old.equals(newItem)) return old;
        for (Index index : indexes.values()) {
            KeySchema ik = index.keySchema();
            old.filter(ik::coversItem).ifPresent(o -> index.store().remove(o.get(ik.hash().name()), index.positionOf(o, keySchema)));
            newItem.filter(ik::coversItem).ifPresent(n -> index.store().put(n.get(ik.hash().name()), index.positionOf(n, keySchema), n));
        }
        if (newItem.isPresent()) {
            items.put(key.hash(), position, newItem.get());
        } else {
            items.remove(key.hash(), position);
        }
        if (stream != null) {
            String event = old.isEmpty() ? "INSERT" : newItem.isEmpty() ? "REMOVE" : "MODIFY";
            stream.append(event, old, newItem, byTtl, now);
        }
        return old;
    }

    /** The key named by a request's {@code Key}: exactly the key attributes, with the defined types. */
    public ItemKey keyFrom(Map<String, Value> key) {
        if (key.size() != keySchema.names().size() || !key.keySet().containsAll(keySchema.names())) {
            throw ApiException.validation("The provided key element does not match the schema");
        }
        for (KeyAttribute k : keySchema.attributes()) {
            Value v = key.get(k.name());
            if (!v.type().equals(k.type())) throw ApiException.validation("The provided key element does not match the schema");
            requireNotEmpty(v, k.name());
        }
        checkKeySizes(key);
        return keySchema.keyOf(key);
    }

    /** Checks a whole item before it is stored: its key, its index keys and its size. */
    public void validateItem(Map<String, Value> item) {
        for (KeyAttribute k : keySchema.attributes()) {
            Value v = item.get(k.name());
            if (v == null) {
                throw ApiException.validation("One or more parameter values were invalid: Missing the key " + k.name() + " in the item");
            }
            if (!v.type().equals(k.type())) {
                throw ApiException.validation("One or more parameter values were invalid: Type mismatch for key "
                        + k.name() + " expected: " + k.type() + " actual: " + v.type());
            }
            requireNotEmpty(v, k.name());
        }
        checkKeySizes(item);
        for (Index index : indexes.values()) {
            for (KeyAttribute k : index.keySchema().attributes()) {
                Value v = item.get(k.name());
                if (v == null) continue;
                if (!v.type().equals(k.type())) {
                    throw ApiException.validation("One or more parameter values were invalid: Type mismatch for Index Key "
                            + k.name() + " Expected: " + k.type() + " Actual: " + v.type() + " IndexName: " + index.name());
                }
                if (isEmpty(v)) {
                    throw ApiException.validation("One or more parameter values are not valid. A value specified for a secondary index key "
                            + "is not supported. The AttributeValue for a key attribute cannot contain an empty "
                            + (v instanceof Value.S ? "string" : "binary") + " value. IndexName: " + index.name() + ", IndexKey: " + k.name());
                }
            }
        }
        if (Value.itemSize(item) > MAX_ITEM_BYTES) {
            throw ApiException.validation("Item size has exceeded the maximum allowed size");
        }
        if (Value.tooDeep(item)) {
            throw ApiException.validation("Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit");
        }
    }

    private void checkKeySizes(Map<String, Value> item) {
        if (item.get(keySchema.hash().name()).sizeBytes() > MAX_HASH_KEY_BYTES) {
            throw ApiException.validation("One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes");
        }
        keySchema.range().ifPresent(r -> {
            if (item.get(r.name()).sizeBytes() > MAX_RANGE_KEY_BYTES) {
                throw ApiException.validation("One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
            }
        });
    }

    private static void requireNotEmpty(Value v, String name) {
        if (isEmpty(v)) {
            throw ApiException.validation("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty "
                    + (v instanceof Value.S ? "string" : "binary") + " value. Key: " + name);
        }
    }

    private static boolean isEmpty(Value v) {
        return (v instanceof Value.S s && s.value().isEmpty()) || (v instanceof Value.B b && b.value().length() == 0);
    }
}
