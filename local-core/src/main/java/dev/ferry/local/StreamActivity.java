package dev.ferry.local;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Tells the stream pollers of the local runtime when a stream of the embedded data plane got new records, so that a
 * reader that found its shard empty waits for the next write instead of sleeping a fixed poll interval (which would add
 * half an interval to every hop through a stream, and cost a read of every idle shard every interval). The DynamoDB
 * emulator reports every record its table streams append, Kinesis every PutRecord(s) it accepted (the in-process emulator or, through its front, kinesis-mock).
 *
 * <p>Each stream has a counter of writes: a reader notes {@link #version} before it reads, and after an empty read
 * waits in {@link #awaitChange} until the counter has moved past what it noted, so that a write between its read and
 * its wait is never missed. Readers still read again after a while without a write: a write that did not go through
 * the emulator or the front (there should be none) is then picked up late rather than never.
 *
 * <p>What is counted is named by {@link #dynamoDbShard} (a shard of a table's stream: a DynamoDB stream has several, and a
 * write wakes only its shard's reader) and {@link #kinesisStream} (a whole stream: the front does not know which shard
 * kinesis-mock puts a record on, so a put wakes every reader of the stream); {@link #keyOf} names what a reader of a
 * stream ARN's shard waits for.
 */
public final class StreamActivity {

    private static final class Stream {
        final ReentrantLock lock = new ReentrantLock();
        final Condition written = lock.newCondition();
        volatile long version;
        /** The sequence number of the newest record, when the writer reports it; set before {@code version} moves. */
        volatile BigInteger newest;
    }

    private final ConcurrentHashMap<String, Stream> streams = new ConcurrentHashMap<>();

    /** The name of a shard of a DynamoDB table's stream (whichever the stream's label). */
    public static String dynamoDbShard(String tableName, String shardId) {
        return "dynamodb:" + tableName + "/" + shardId;
    }

    /** The name of a Kinesis stream. */
    public static String kinesisStream(String streamName) {
        return "kinesis:" + streamName;
    }

    /**
     * What a reader of {@code shardId} of the stream {@code streamArn} waits for: the shard of a DynamoDB stream
     * ({@code arn:aws:dynamodb:...:table/T/stream/<label>}), the whole of a Kinesis stream ({@code arn:aws:kinesis:...:stream/S});
     * empty for anything else.
     */
    public static Optional<String> keyOf(String streamArn, String shardId) {
        String[] parts = streamArn.split(":", 6);
        if (parts.length < 6 || !parts[0].equals("arn")) {
            return Optional.empty();
        }
        String resource = parts[5];
        if (parts[2].equals("dynamodb") && resource.startsWith("table/")) {
            String[] path = resource.split("/");
            return path.length >= 2 ? Optional.of(dynamoDbShard(path[1], shardId)) : Optional.empty();
        }
        if (parts[2].equals("kinesis") && resource.startsWith("stream/")) {
            return Optional.of(kinesisStream(resource.substring("stream/".length())));
        }
        return Optional.empty();
    }

    private Stream stream(String key) {
        return streams.computeIfAbsent(key, k -> new Stream());
    }

    /** Records were added to {@code key}'s stream: every reader waiting on it goes on. */
    public void recordsAdded(String key) {
        recorded(key, null);
    }

    /**
     * A record with {@code sequenceNumber} (a decimal number, higher for later records) was added to {@code key}: as
     * {@link #recordsAdded(String)}, and a reader that has read up to that sequence number knows it has read everything
     * ({@link #newest}) without reading again to find out.
     */
    public void recordAdded(String key, String sequenceNumber) {
        recorded(key, new BigInteger(sequenceNumber));
    }

    private void recorded(String key, BigInteger sequence) {
        Stream s = stream(key);
        s.lock.lock();
        try {
            if (sequence != null && (s.newest == null || sequence.compareTo(s.newest) > 0)) {
                s.newest = sequence;
            }
            s.version++;
            s.written.signalAll();
        } finally {
            s.lock.unlock();
        }
    }

    /**
     * The sequence number of the newest record of {@code key}, when its writer reports them (the DynamoDB emulator
     * does; the Kinesis front does not). Read it after {@link #version}: a record added in between moves the version
     * past what was noted.
     */
    public Optional<BigInteger> newest(String key) {
        return Optional.ofNullable(stream(key).newest);
    }

    /** How many writes {@code key}'s stream has had: note it before a read, to wait for the next write after. */
    public long version(String key) {
        return stream(key).version;
    }

    /**
     * Waits until {@code key}'s stream has had a write since {@code seen} was its {@link #version}, or for
     * {@code longest}; returns at once when it already has. True when there was a write.
     *
     * @throws InterruptedException when the waiting thread is interrupted (its mapping is closing)
     */
    public boolean awaitChange(String key, long seen, Duration longest) throws InterruptedException {
        Stream s = stream(key);
        long left = longest.toNanos();
        s.lock.lock();
        try {
            while (s.version == seen) {
                if (left <= 0) {
                    return false;
                }
                left = s.written.awaitNanos(left);
            }
            return true;
        } finally {
            s.lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "StreamActivity" + streams.keySet();
    }
}
