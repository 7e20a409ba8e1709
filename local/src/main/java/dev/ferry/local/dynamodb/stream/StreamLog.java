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
import java.util.concurrent.atomic.AtomicLong;

/**
 * The records of one stream of one table. A stream has a single shard here: AWS splits shards by
 * throughput and time, which changes nothing for a reader that follows shard lineage, and one shard
 * keeps every record of the table in one strictly ordered sequence.
 *
 * <p>Positions are absolute record numbers since the stream began, so iterators stay valid while old
 * records are trimmed after the retention period.
 */
public final class StreamLog {
    public static final Duration RETENTION = Duration.ofHours(24);

    private final String arn;
    private final String label;
    private final String tableName;
    private final String viewType;
    private final KeySchema keySchema;
    private final Instant created;
    private final String shardId;
    private final long startingSequence;
    private final AtomicLong sequences;
    private final List<StreamRecord> records = new ArrayList<>();
    private long trimmed;
    private long lastTrimmedSequence = -1;
    private boolean enabled = true;
    private Instant disabledAt;

    public StreamLog(String arn, String label, String tableName, String viewType, KeySchema keySchema,
                     Instant created, AtomicLong sequences) {
        this.arn = arn;
        this.label = label;
        this.tableName = tableName;
        this.viewType = viewType;
        this.keySchema = keySchema;
        this.created = created;
        this.sequences = sequences;
        this.startingSequence = sequences.incrementAndGet();
        this.shardId = "shardId-%020d-%s".formatted(created.toEpochMilli(), UUID.randomUUID().toString().substring(0, 8));
    }

    public String arn() { return arn; }
    public String label() { return label; }
    public String tableName() { return tableName; }
    public String viewType() { return viewType; }
    public KeySchema keySchema() { return keySchema; }
    public Instant created() { return created; }
    public String shardId() { return shardId; }
    public long startingSequence() { return startingSequence; }

    public synchronized boolean enabled() {
        return enabled;
    }

    public synchronized Optional<Instant> disabledAt() {
        return Optional.ofNullable(disabledAt);
    }

    /** Closes the shard: no more records; readers reach its end and get no next iterator. */
    public synchronized void disable(Instant when) {
        if (enabled) {
            enabled = false;
            disabledAt = when;
        }
    }

    /** The last sequence number of a closed shard. */
    public synchronized long endingSequence() {
        return records.isEmpty() ? startingSequence : records.getLast().sequence();
    }

    /**
     * Appends a record for a change, keeping the images the view type asks for. Callers hold the table's
     * lock, so sequence numbers grow in the order the changes were applied.
     */
    public synchronized void append(String eventName, Optional<Map<String, Value>> oldItem,
                                    Optional<Map<String, Value>> newItem, boolean byTtl, Instant now) {
        if (!enabled) return;
        Map<String, Value> any = newItem.or(() -> oldItem).orElseThrow();
        Map<String, Value> keys = keySchema.project(any);
        Optional<Map<String, Value>> oldImage = viewType.equals("OLD_IMAGE") || viewType.equals("NEW_AND_OLD_IMAGES") ? oldItem : Optional.empty();
        Optional<Map<String, Value>> newImage = viewType.equals("NEW_IMAGE") || viewType.equals("NEW_AND_OLD_IMAGES") ? newItem : Optional.empty();
        int size = Value.itemSize(keys) + oldImage.map(Value::itemSize).orElse(0) + newImage.map(Value::itemSize).orElse(0);
        records.add(new StreamRecord(sequences.incrementAndGet(), UUID.randomUUID().toString().replace("-", ""),
                eventName, now.getEpochSecond(), keys, oldImage, newImage, byTtl, size));
    }

    /** Drops records older than the retention period. */
    public synchronized void trim(Instant now) {
        Instant horizon = now.minus(RETENTION);
        int drop = 0;
        while (drop < records.size() && records.get(drop).createdEpochSeconds() < horizon.getEpochSecond()) drop++;
        if (drop > 0) {
            lastTrimmedSequence = records.get(drop - 1).sequence();
            records.subList(0, drop).clear();
            trimmed += drop;
        }
    }

    /** True when the record with this sequence number, if it existed, has been trimmed. */
    public synchronized boolean isTrimmed(long sequence) {
        return sequence <= lastTrimmedSequence;
    }

    /** The position of the oldest record still kept. */
    public synchronized long trimHorizon() {
        return trimmed;
    }

    /** The position after the newest record. */
    public synchronized long end() {
        return trimmed + records.size();
    }

    /** Records from {@code position} on, at most {@code limit}, at most {@code maxBytes} (at least one). */
    public synchronized List<StreamRecord> read(long position, int limit, long maxBytes) {
        List<StreamRecord> out = new ArrayList<>();
        long bytes = 0;
        for (long p = Math.max(position, trimmed); p < end() && out.size() < limit; p++) {
            StreamRecord r = records.get((int) (p - trimmed));
            if (!out.isEmpty() && bytes + r.sizeBytes() > maxBytes) break;
            bytes += r.sizeBytes();
            out.add(r);
        }
        return out;
    }

    /**
     * The position of the first kept record whose sequence number is at least (or, with {@code after},
     * greater than) the given one.
     */
    public synchronized long positionOf(long sequence, boolean after) {
        int lo = 0, hi = records.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            long s = records.get(mid).sequence();
            if (s < sequence || (after && s == sequence)) lo = mid + 1; else hi = mid;
        }
        return trimmed + lo;
    }

    /** The sequence number of the oldest kept record, if any. */
    public synchronized Optional<Long> firstKeptSequence() {
        return records.isEmpty() ? Optional.empty() : Optional.of(records.getFirst().sequence());
    }

    public synchronized Optional<Long> lastSequence() {
        return records.isEmpty() ? Optional.empty() : Optional.of(records.getLast().sequence());
    }
}
