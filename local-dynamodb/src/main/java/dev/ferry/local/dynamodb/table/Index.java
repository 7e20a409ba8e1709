package dev.ferry.local.dynamodb.table;

import dev.ferry.local.dynamodb.model.Value;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A global or local secondary index: its key, its projection and the items it currently holds. */
public final class Index {
    private final String name;
    private final boolean global;
    private final KeySchema keySchema;
    private final Projection projection;
    private final String arn;
    private final Instant created;
    private final ItemStore store = new ItemStore();
    private final Lifecycle lifecycle = new Lifecycle();
    private long readCapacity;
    private long writeCapacity;

    public Index(String name, boolean global, KeySchema keySchema, Projection projection, String arn,
                 Instant created, long readCapacity, long writeCapacity) {
        this.name = name;
        this.global = global;
        this.keySchema = keySchema;
        this.projection = projection;
        this.arn = arn;
        this.created = created;
        this.readCapacity = readCapacity;
        this.writeCapacity = writeCapacity;
    }

    public String name() { return name; }
    public boolean global() { return global; }
    public KeySchema keySchema() { return keySchema; }
    public Projection projection() { return projection; }
    public String arn() { return arn; }
    public Instant created() { return created; }
    public ItemStore store() { return store; }
    /** CREATING (backfilling), ACTIVE, UPDATING or DELETING. */
    public Lifecycle lifecycle() { return lifecycle; }
    public long readCapacity() { return readCapacity; }
    public long writeCapacity() { return writeCapacity; }

    public void setThroughput(long read, long write) {
        this.readCapacity = read;
        this.writeCapacity = write;
    }

    /** The position of an item in this index: the index sort key, then the table key for uniqueness. */
    public SortKey positionOf(Map<String, Value> item, KeySchema tableKeys) {
        List<Value> parts = new ArrayList<>(4);
        keySchema.range().ifPresent(r -> parts.add(item.get(r.name())));
        parts.add(item.get(tableKeys.hash().name()));
        tableKeys.range().ifPresent(r -> parts.add(item.get(r.name())));
        return new SortKey(parts);
    }

    /** The attributes of an item this index holds, per its projection type. */
    public Map<String, Value> project(Map<String, Value> item, KeySchema tableKeys) {
        if (projection.all()) return item;
        Map<String, Value> out = new LinkedHashMap<>();
        for (String n : tableKeys.names()) copy(item, n, out);
        for (String n : keySchema.names()) copy(item, n, out);
        for (String n : projection.nonKeyAttributes()) copy(item, n, out);
        return out;
    }

    /** True when an attribute is available from this index without fetching the table's item. */
    public boolean projects(String attribute, KeySchema tableKeys) {
        return projection.all() || tableKeys.names().contains(attribute) || keySchema.names().contains(attribute)
                || projection.nonKeyAttributes().contains(attribute);
    }

    private static void copy(Map<String, Value> from, String name, Map<String, Value> to) {
        Value v = from.get(name);
        if (v != null) to.put(name, v);
    }
}
