package dev.ferry.local.dynamodb.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The records of one stream shard, oldest first, addressed by absolute position: the number of records the shard
 * had received before this one. Positions stay valid while old records are trimmed, so a shard iterator can hold
 * one. Shared by the DynamoDB Streams shards ({@link StreamShard}) and the Kinesis emulator's shards.
 *
 * <p>Trimming is amortised O(1): trimmed records are skipped by a head index and removed from the list only once
 * they are the larger part of it, so a shard that trims a few records on every read does not copy the rest each time.
 *
 * <p>Not thread-safe: the owning shard synchronizes.
 *
 * @param <R> the record type; sequence numbers grow with position
 */
public final class ShardRecords<R extends ShardRecords.Entry> {

    /** What the log needs of a record. */
    public interface Entry {
        /** The record's sequence number, greater than every earlier record's in the shard. */
        long sequence();

        /** What the record counts towards a page's size limit. */
        int sizeBytes();
    }

    /** One read: the records, and the position after them. */
    public record Page<R>(List<R> records, long next) {}

    private static final int COMPACT_AT_LEAST = 1024;

    private final ArrayList<R> records = new ArrayList<>();
    /** The index in {@link #records} of the oldest record kept; the ones before it are trimmed. */
    private int head;
    /** The absolute position of the oldest record kept. */
    private long trimmed;
    private long lastTrimmedSequence = -1;

    public void append(R record) {
        records.add(record);
    }

    /**
     * Drops records from the oldest on while {@code expired} holds for them.
     *
     * @return the last record dropped, if any
     */
    public Optional<R> trimWhile(Predicate<R> expired) {
        int from = head;
        while (head < records.size() && expired.test(records.get(head))) head++;
        if (head == from) return Optional.empty();
        R last = records.get(head - 1);
        lastTrimmedSequence = last.sequence();
        trimmed += head - from;
        if (head == records.size() || (head >= COMPACT_AT_LEAST && head * 2 >= records.size())) {
            records.subList(0, head).clear();
            head = 0;
        }
        return Optional.of(last);
    }

    public boolean isEmpty() {
        return head == records.size();
    }

    /** True when the record with this sequence number, if it was in this shard, has been trimmed. */
    public boolean isTrimmed(long sequence) {
        return sequence <= lastTrimmedSequence;
    }

    /** The position of the oldest record still kept. */
    public long trimHorizon() {
        return trimmed;
    }

    /** The position after the newest record. */
    public long end() {
        return trimmed + (records.size() - head);
    }

    /** The record at {@code position}, which must be between {@link #trimHorizon()} and {@link #end()}. */
    public R at(long position) {
        return records.get(head + (int) (position - trimmed));
    }

    /**
     * Records from {@code position} on (from the trim horizon if that is later), at most {@code limit}, at most
     * {@code maxBytes} of {@link Entry#sizeBytes()} (but always at least one).
     */
    public Page<R> read(long position, int limit, long maxBytes) {
        long p = Math.max(position, trimmed);
        long to = Math.min(end(), p + limit);
        List<R> out = new ArrayList<>((int) Math.max(0, to - p));
        long bytes = 0;
        for (; p < to; p++) {
            R r = at(p);
            if (!out.isEmpty() && bytes + r.sizeBytes() > maxBytes) break;
            bytes += r.sizeBytes();
            out.add(r);
        }
        return new Page<>(out, p);
    }

    /**
     * The position of the first kept record whose sequence number is at least (or, with {@code after}, greater than)
     * the given one.
     */
    public long positionOf(long sequence, boolean after) {
        return firstPositionWhere(r -> r.sequence() > sequence || (!after && r.sequence() == sequence));
    }

    /**
     * The position of the first kept record for which {@code reached} holds, where {@code reached} is false for a
     * prefix of the records and true for the rest (e.g. "arrived at or after t"); {@link #end()} when none.
     */
    public long firstPositionWhere(Predicate<R> reached) {
        int lo = head, hi = records.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (reached.test(records.get(mid))) hi = mid; else lo = mid + 1;
        }
        return trimmed + (lo - head);
    }

    /** The newest record still kept. */
    public Optional<R> last() {
        return isEmpty() ? Optional.empty() : Optional.of(records.getLast());
    }

    /** The sequence number of the newest record, trimmed or not, if the shard ever had one. */
    public Optional<Long> lastSequence() {
        if (!isEmpty()) return Optional.of(records.getLast().sequence());
        return lastTrimmedSequence >= 0 ? Optional.of(lastTrimmedSequence) : Optional.empty();
    }
}
