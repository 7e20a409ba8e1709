package dev.ferry.local.kinesis.emulator;

import dev.ferry.local.dynamodb.stream.ShardRecords;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One shard of a Kinesis stream: a range of the 128-bit hash key space and the records routed to it, in the order they
 * were appended. Positions are absolute (see {@link ShardRecords}), so iterators survive retention trimming. Methods
 * synchronize on the shard, so writers of different shards never wait for each other.
 */
final class KinesisShard {
    private final String id;
    private final BigInteger startingHashKey;
    private final BigInteger endingHashKey;
    private final long startingSequence;
    private final ShardRecords<KinesisRecord> records = new ShardRecords<>();
    private long lastArrivalMillis;

    KinesisShard(String id, BigInteger startingHashKey, BigInteger endingHashKey, long startingSequence) {
        this.id = id;
        this.startingHashKey = startingHashKey;
        this.endingHashKey = endingHashKey;
        this.startingSequence = startingSequence;
    }

    String id() { return id; }
    BigInteger startingHashKey() { return startingHashKey; }
    BigInteger endingHashKey() { return endingHashKey; }
    long startingSequence() { return startingSequence; }

    /** A record to append: its data and partition key, and where its sequence number goes in the answer. */
    record Put(int index, String partitionKey, byte[] data, int sizeBytes) {}

    /**
     * Appends the records in the given order, numbering them from {@code sequences} while holding the shard, so that
     * sequence numbers grow with position in every shard.
     *
     * @return the sequence numbers given, in the same order
     */
    synchronized long[] append(List<Put> puts, AtomicLong sequences, long nowMillis) {
        long arrival = Math.max(nowMillis, lastArrivalMillis);
        lastArrivalMillis = arrival;
        long[] given = new long[puts.size()];
        for (int i = 0; i < given.length; i++) {
            Put p = puts.get(i);
            long sequence = sequences.incrementAndGet();
            records.append(new KinesisRecord(sequence, p.partitionKey(), p.data(), arrival, p.sizeBytes()));
            given[i] = sequence;
        }
        return given;
    }

    /** Drops the records that arrived before {@code horizonMillis} (retention). */
    synchronized void trim(long horizonMillis) {
        records.trimWhile(r -> r.arrivalMillis() < horizonMillis);
    }

    /**
     * What one GetRecords call reads.
     *
     * @param next              the position after the records
     * @param behindMillis      how far the position after them is from the tip: 0 when caught up, otherwise the age of
     *                          the oldest record not yet read (at least 1)
     */
    record Read(List<KinesisRecord> records, long next, long behindMillis) {}

    synchronized Read read(long position, int limit, long maxBytes, long nowMillis) {
        ShardRecords.Page<KinesisRecord> page = records.read(position, limit, maxBytes);
        long behind = page.next() >= records.end() ? 0 : Math.max(1, nowMillis - records.at(page.next()).arrivalMillis());
        return new Read(page.records(), page.next(), behind);
    }

    synchronized long trimHorizon() {
        return records.trimHorizon();
    }

    synchronized long end() {
        return records.end();
    }

    /** The position of the first record that arrived at or after {@code millis}; the end when none has. */
    synchronized long positionAt(long millis) {
        return records.firstPositionWhere(r -> r.arrivalMillis() >= millis);
    }

    /** The position of the record with this sequence number (or, {@code after}, of the one following it). */
    synchronized long positionOf(long sequence, boolean after) {
        return Math.max(records.trimHorizon(), records.positionOf(sequence, after));
    }

    synchronized Optional<Long> lastSequence() {
        return records.lastSequence();
    }
}
