package dev.ferry.local.kinesis.conformance;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamRequest;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamDescription;

/**
 * The vocabulary the Kinesis conformance tests share. Streams it creates are deleted by {@link #close()},
 * which matters on a real endpoint (shards cost money) and on kinesis-mock (shard limit).
 */
final class Streams implements AutoCloseable {

    static final BigInteger MAX_HASH_KEY = BigInteger.TWO.pow(128).subtract(BigInteger.ONE);

    private final KinesisTarget target;
    private final KinesisClient kinesis;
    private final List<String> created = new ArrayList<>();

    Streams(KinesisTarget target) {
        this.target = target;
        this.kinesis = target.client();
    }

    /** Creates a provisioned stream and waits with the SDK waiter until it is ACTIVE. */
    String create(String purpose, int shards) {
        String name = target.uniqueName(purpose);
        kinesis.createStream(b -> b.streamName(name).shardCount(shards));
        created.add(name);
        StreamDescription active = waitUntilActive(name);
        if (active.shards().size() != shards) {
            throw new AssertionError("stream " + name + " has " + active.shards().size() + " shards, not " + shards);
        }
        return name;
    }

    /** Deletes {@code name} with the others on {@link #close()}: for a stream a test created itself. */
    void adopt(String name) {
        created.add(name);
    }

    StreamDescription waitUntilActive(String name) {
        // The waiter's default is a 10 s delay between polls; a fast emulator deserves a fast poll.
        var polling = WaiterOverrideConfiguration.builder()
                .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(100)))
                .waitTimeout(Duration.ofMinutes(2))
                .build();
        return kinesis.waiter().waitUntilStreamExists(DescribeStreamRequest.builder().streamName(name).build(), polling)
                .matched().response().orElseThrow(() -> new AssertionError("stream " + name + " never became ACTIVE"))
                .streamDescription();
    }

    List<Shard> shards(String stream) {
        return kinesis.listShards(b -> b.streamName(stream)).shards().stream()
                .sorted(Comparator.comparing(s -> new BigInteger(s.hashKeyRange().startingHashKey())))
                .toList();
    }

    /** The unsigned 128-bit MD5 of the partition key: the hash Kinesis routes a record by. */
    static BigInteger hashKey(String partitionKey) {
        try {
            return new BigInteger(1, MessageDigest.getInstance("MD5").digest(partitionKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static String shardOwning(List<Shard> shards, BigInteger hashKey) {
        return shards.stream()
                .filter(s -> new BigInteger(s.hashKeyRange().startingHashKey()).compareTo(hashKey) <= 0
                        && new BigInteger(s.hashKeyRange().endingHashKey()).compareTo(hashKey) >= 0)
                .map(Shard::shardId)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no shard owns hash key " + hashKey));
    }

    String put(String stream, String partitionKey, String data) {
        return kinesis.putRecord(b -> b.streamName(stream).partitionKey(partitionKey).data(SdkBytes.fromUtf8String(data)))
                .sequenceNumber();
    }

    /** Every record of a shard from TRIM_HORIZON, following NextShardIterator until it is caught up. */
    List<Record> readAll(String stream, String shardId) {
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shardId)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        return readFrom(iterator);
    }

    List<Record> readFrom(String iterator) {
        List<Record> records = new ArrayList<>();
        for (int reads = 0; iterator != null && reads < 100; reads++) {
            String current = iterator;
            var response = kinesis.getRecords(b -> b.shardIterator(current));
            records.addAll(response.records());
            iterator = response.nextShardIterator();
            if (response.records().isEmpty() && response.millisBehindLatest() == 0) {
                break;
            }
        }
        return records;
    }

    static String text(Record record) {
        return record.data().asUtf8String();
    }

    @Override
    public void close() {
        for (String name : created) {
            try {
                kinesis.deleteStream(b -> b.streamName(name).enforceConsumerDeletion(true));
            } catch (RuntimeException alreadyGone) {
                // Best effort: a failed test may have deleted it or never got it ACTIVE.
            }
        }
    }
}
