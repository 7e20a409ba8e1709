package dev.ferry.local.dynamodb.stream;

import dev.ferry.local.dynamodb.model.Value;
import dev.ferry.local.dynamodb.table.KeySchema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stream of one table: a fixed number of open shards, each receiving the partition keys that hash to
 * its slot, plus the closed shards still within retention.
 *
 * <p>AWS documents that stream shards are created and closed automatically, that a shard may have a parent,
 * and that a reader must process a parent shard before its children
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html#Streams.Processing).
 * Here a rollover closes every open shard at once and opens one child per parent in the same slot, so the
 * changes of one partition key run through a chain of shards: parent first, then child, in the order they
 * were applied. Rollovers happen when a generation of shards has been open for the configured interval
 * (checked whenever the stream is used, by the emulator's clock) and on demand ({@link #rollover}).
 *
 * <p>Shard ids sort in creation order (a per-stream increasing timestamp, then the slot), so listing them in
 * id order puts every parent before its children, and a listing can resume after any id, even one that has
 * since been trimmed away.
 */
public final class StreamLog {
    public static final Duration RETENTION = Duration.ofHours(24);

    private final String arn;
    private final String label;
    private final String tableName;
    private final String viewType;
    private final KeySchema keySchema;
    private final Instant created;
    private final AtomicLong sequences;
    private final Duration rolloverInterval;
    private final List<StreamShard> shards = new ArrayList<>();
    private final StreamShard[] open;
    private Instant generationOpened;
    private long lastIdMillis;
    private boolean enabled = true;
    private Optional<Instant> disabledAt = Optional.empty();
    /** Told the shard and sequence number of each record appended: wakes the local runtime's reader of that shard. */
    private final java.util.function.BiConsumer<String, String> appended;

    public StreamLog(String arn, String label, String tableName, String viewType, KeySchema keySchema,
                     Instant created, AtomicLong sequences, StreamSettings settings) {
        this(arn, label, tableName, viewType, keySchema, created, sequences, settings, (shardId, sequence) -> {});
    }

    public StreamLog(String arn, String label, String tableName, String viewType, KeySchema keySchema,
                     Instant created, AtomicLong sequences, StreamSettings settings,
                     java.util.function.BiConsumer<String, String> appended) {
        this.appended = appended;
        this.arn = arn;
        this.label = label;
        this.tableName = tableName;
        this.viewType = viewType;
        this.keySchema = keySchema;
        this.created = created;
        this.sequences = sequences;
        this.rolloverInterval = settings.rolloverInterval();
        this.open = new StreamShard[settings.shardCount()];
        this.lastIdMillis = created.toEpochMilli() - 1;
        openGeneration(created);
    }

    public String arn() { return arn; }
    public String label() { return label; }
    public String tableName() { return tableName; }
    public String viewType() { return viewType; }
    public KeySchema keySchema() { return keySchema; }
    public Instant created() { return created; }

    public synchronized boolean enabled() {
        return enabled;
    }

    public synchronized Optional<Instant> disabledAt() {
        return disabledAt;
    }

    /** Closes every open shard, without children: readers reach their ends and get no next iterator. */
    public synchronized void disable(Instant when) {
        if (enabled) {
            enabled = false;
            disabledAt = Optional.of(when);
            for (StreamShard s : open) s.close(when);
        }
    }

    /** Every shard still within retention, parents before children (in shard id order). */
    public synchronized List<StreamShard> shards(Instant now) {
        maintain(now);
        return List.copyOf(shards);
    }

    public synchronized Optional<StreamShard> shard(String shardId, Instant now) {
        maintain(now);
        return shards.stream().filter(s -> s.id().equals(shardId)).findFirst();
    }

    /**
     * Appends a record for a change to the open shard of the item's partition key, keeping the images the
     * view type asks for. Callers hold the table's lock, so sequence numbers grow in the order the changes
     * were applied.
     */
    public synchronized void append(String eventName, Optional<Map<String, Value>> oldItem,
                                    Optional<Map<String, Value>> newItem, boolean byTtl, Instant now) {
        if (!enabled) return;
        maintain(now);
        Map<String, Value> any = newItem.or(() -> oldItem).orElseThrow();
        Map<String, Value> keys = keySchema.project(any);
        Optional<Map<String, Value>> oldImage = viewType.equals("OLD_IMAGE") || viewType.equals("NEW_AND_OLD_IMAGES") ? oldItem : Optional.empty();
        Optional<Map<String, Value>> newImage = viewType.equals("NEW_IMAGE") || viewType.equals("NEW_AND_OLD_IMAGES") ? newItem : Optional.empty();
        int size = Value.itemSize(keys) + oldImage.map(Value::itemSize).orElse(0) + newImage.map(Value::itemSize).orElse(0);
        StreamShard shard = open[PartitionKeyHash.slotOf(keys.get(keySchema.hash().name()), open.length)];
        long sequence = sequences.incrementAndGet();
        shard.append(new StreamRecord(sequence, UUID.randomUUID().toString().replace("-", ""),
                eventName, now.getEpochSecond(), keys, oldImage, newImage, byTtl, size));
        appended.accept(shard.id(), SequenceNumbers.format(sequence));
    }

    /**
     * Closes every open shard now and opens a child for each in its slot: the emulator's stand-in for the
     * shard rollovers AWS performs on its own.
     *
     * @throws IllegalStateException when the stream is disabled, since a closed stream gets no new shards
     */
    public synchronized ShardRollover rollover(Instant now) {
        if (!enabled) {
            throw new IllegalStateException("the stream " + arn + " is disabled and gets no new shards; "
                    + "enable a stream on table " + tableName + " first (UpdateTable with StreamSpecification)");
        }
        maintain(now);
        return roll(now);
    }

    private ShardRollover roll(Instant now) {
        List<String> closed = new ArrayList<>();
        for (StreamShard s : open) {
            s.close(now);
            closed.add(s.id());
        }
        List<String> opened = openGeneration(now).stream().map(StreamShard::id).toList();
        return new ShardRollover(arn, closed, opened);
    }

    /** Opens one shard per slot, each the child of the shard that held the slot (if any). */
    private List<StreamShard> openGeneration(Instant now) {
        // Strictly increasing per stream, so that even two rollovers within one millisecond sort in order.
        lastIdMillis = Math.max(now.toEpochMilli(), lastIdMillis + 1);
        List<Long> suffixes = new ArrayList<>();
        while (suffixes.size() < open.length) {
            long suffix = ThreadLocalRandom.current().nextLong(0x1_0000_0000L);
            if (!suffixes.contains(suffix)) suffixes.add(suffix);
        }
        suffixes.sort(null);
        List<StreamShard> generation = new ArrayList<>();
        for (int slot = 0; slot < open.length; slot++) {
            Optional<String> parent = Optional.ofNullable(open[slot]).map(StreamShard::id);
            String id = "shardId-%020d-%08x".formatted(lastIdMillis, suffixes.get(slot));
            StreamShard child = new StreamShard(id, parent, sequences.incrementAndGet(), now);
            open[slot] = child;
            shards.add(child);
            generation.add(child);
        }
        generationOpened = now;
        return generation;
    }

    /**
     * Applies the clock: rolls over a generation that has been open for the rollover interval, trims records
     * past retention and forgets closed shards with nothing left to read. Every use of the stream does this
     * first; the emulator's background sweeper does it too, so an idle stream releases its memory.
     */
    public synchronized void maintain(Instant now) {
        if (enabled && !now.isBefore(generationOpened.plus(rolloverInterval))) roll(now);
        for (StreamShard s : shards) s.trim(now);
        shards.removeIf(s -> s.expired(now));
    }
}
