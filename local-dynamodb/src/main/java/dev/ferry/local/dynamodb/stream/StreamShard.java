package dev.ferry.local.dynamodb.stream;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One shard of a table stream: records in the order their changes were applied, open for appends until
 * it is closed (by a rollover or by disabling the stream), readable until retention trims it.
 *
 * <p>Positions are absolute record numbers since the shard began, so iterators stay valid while old
 * records are trimmed. Methods synchronize on the shard; the owning {@link StreamLog} decides which shard
 * receives a record and when a shard closes.
 */
public final class StreamShard {
    private final String id;
    private final Optional<String> parentId;
    private final long startingSequence;
    private final Instant created;
    private final ShardRecords<StreamRecord> records = new ShardRecords<>();
    private Optional<Long> lastRecordEpochSeconds = Optional.empty();
    private Optional<Instant> closedAt = Optional.empty();

    StreamShard(String id, Optional<String> parentId, long startingSequence, Instant created) {
        this.id = id;
        this.parentId = parentId;
        this.startingSequence = startingSequence;
        this.created = created;
    }

    /** What one GetRecords call gets: the records, the position after them, and whether a closed shard ended there. */
    public record Page(List<StreamRecord> records, long next, boolean endOfClosedShard) {}

    public String id() { return id; }
    public Optional<String> parentId() { return parentId; }
    public long startingSequence() { return startingSequence; }
    public Instant created() { return created; }

    public synchronized boolean closed() {
        return closedAt.isPresent();
    }

    /**
     * The last sequence number of a closed shard: its last record's, or its starting number when it closed
     * empty (AWS always shows both ends of a closed shard's range).
     */
    public synchronized Optional<Long> endingSequence() {
        return closedAt.map(c -> lastSequence().orElse(startingSequence));
    }

    synchronized void append(StreamRecord record) {
        if (closedAt.isPresent()) {
            throw new IllegalStateException("shard " + id + " is closed; its stream appends to the open child instead");
        }
        records.append(record);
        lastRecordEpochSeconds = Optional.of(record.createdEpochSeconds());
    }

    synchronized void close(Instant when) {
        if (closedAt.isEmpty()) closedAt = Optional.of(when);
    }

    /** Drops records older than the retention period. */
    synchronized void trim(Instant now) {
        long horizon = now.minus(StreamLog.RETENTION).getEpochSecond();
        records.trimWhile(r -> r.createdEpochSeconds() < horizon);
    }

    /**
     * A closed shard is gone once its last record is past retention (or, if it never had one, once it has
     * been closed that long): nothing in it can be read any more, so DescribeStream stops listing it.
     */
    synchronized boolean expired(Instant now) {
        if (closedAt.isEmpty() || !records.isEmpty()) return false;
        Instant horizon = now.minus(StreamLog.RETENTION);
        return lastRecordEpochSeconds.map(s -> s < horizon.getEpochSecond()).orElseGet(() -> closedAt.get().isBefore(horizon));
    }

    /** True when the record with this sequence number, if it was in this shard, has been trimmed. */
    public synchronized boolean isTrimmed(long sequence) {
        return records.isTrimmed(sequence);
    }

    /** The position of the oldest record still kept. */
    public synchronized long trimHorizon() {
        return records.trimHorizon();
    }

    /** The position after the newest record. */
    public synchronized long end() {
        return records.end();
    }

    /** Records from {@code position} on, at most {@code limit}, at most {@code maxBytes} (at least one). */
    public synchronized Page read(long position, int limit, long maxBytes) {
        ShardRecords.Page<StreamRecord> page = records.read(position, limit, maxBytes);
        return new Page(page.records(), page.next(), closedAt.isPresent() && page.next() >= records.end());
    }

    /**
     * The position of the first kept record whose sequence number is at least (or, with {@code after},
     * greater than) the given one.
     */
    public synchronized long positionOf(long sequence, boolean after) {
        return records.positionOf(sequence, after);
    }

    /** The sequence number of the newest record, trimmed or not, if the shard ever had one. */
    public synchronized Optional<Long> lastSequence() {
        return records.lastSequence();
    }
}
