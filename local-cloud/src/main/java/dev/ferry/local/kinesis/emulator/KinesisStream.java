package dev.ferry.local.kinesis.emulator;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One data stream: its shards, which split the 128-bit hash key space evenly in shard order, its status by the
 * emulator's clock (CREATING, then ACTIVE; DELETING once deleted), retention and tags.
 *
 * <p>Shards never split or merge here (no resharding), so the shard list is fixed at creation.
 */
final class KinesisStream {
    /** 2^128: the size of the hash key space (MD5's output). */
    static final BigInteger HASH_SPACE = BigInteger.TWO.pow(128);

    private final String name;
    private final String arn;
    private final String mode;
    private final Instant created;
    private final Instant activeAt;
    private final List<KinesisShard> shards;
    private final BigInteger[] startingHashKeys;
    private final Map<String, String> tags = new TreeMap<>();
    private int retentionHours = 24;
    private Optional<Integer> maxRecordSizeKiB = Optional.empty();
    private Optional<Instant> deletedAt = Optional.empty();

    KinesisStream(String name, String arn, String mode, int shardCount, Instant created, Duration transition,
                  AtomicLong sequences) {
        this.name = name;
        this.arn = arn;
        this.mode = mode;
        this.created = created;
        this.activeAt = created.plus(transition);
        List<KinesisShard> list = new ArrayList<>(shardCount);
        this.startingHashKeys = new BigInteger[shardCount];
        BigInteger count = BigInteger.valueOf(shardCount);
        for (int i = 0; i < shardCount; i++) {
            // Equal parts, the remainder to the later ones: AWS's three-shard stream ends its first shard at
            // 113427455640312821154458202477256070484 = floor(2^128 / 3) - 1.
            BigInteger start = HASH_SPACE.multiply(BigInteger.valueOf(i)).divide(count);
            BigInteger end = HASH_SPACE.multiply(BigInteger.valueOf(i + 1L)).divide(count).subtract(BigInteger.ONE);
            startingHashKeys[i] = start;
            list.add(new KinesisShard("shardId-%012d".formatted(i), start, end, sequences.incrementAndGet()));
        }
        this.shards = Collections.unmodifiableList(list);
    }

    String name() { return name; }
    String arn() { return arn; }
    String mode() { return mode; }
    Instant created() { return created; }
    List<KinesisShard> shards() { return shards; }

    synchronized String status(Instant now) {
        if (deletedAt.isPresent()) return "DELETING";
        return now.isBefore(activeAt) ? "CREATING" : "ACTIVE";
    }

    synchronized void markDeleted(Instant now) {
        if (deletedAt.isEmpty()) deletedAt = Optional.of(now);
    }

    /** True once a deleted stream's DELETING phase is over: it is gone. */
    synchronized boolean gone(Instant now, Duration transition) {
        return deletedAt.map(d -> !now.isBefore(d.plus(transition))).orElse(false);
    }

    /** The shard whose hash key range holds {@code hashKey} (0 to 2^128 - 1). */
    KinesisShard shardFor(BigInteger hashKey) {
        int lo = 0, hi = startingHashKeys.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (startingHashKeys[mid].compareTo(hashKey) <= 0) lo = mid; else hi = mid - 1;
        }
        return shards.get(lo);
    }

    Optional<KinesisShard> shard(String shardId) {
        for (KinesisShard s : shards) {
            if (s.id().equals(shardId)) return Optional.of(s);
        }
        return Optional.empty();
    }

    synchronized int retentionHours() {
        return retentionHours;
    }

    synchronized void retentionHours(int hours) {
        retentionHours = hours;
    }

    synchronized Optional<Integer> maxRecordSizeKiB() {
        return maxRecordSizeKiB;
    }

    synchronized void maxRecordSizeKiB(int kib) {
        maxRecordSizeKiB = Optional.of(kib);
    }

    synchronized Map<String, String> tags() {
        return new TreeMap<>(tags);
    }

    synchronized void tag(Map<String, String> added) {
        tags.putAll(added);
    }

    synchronized void untag(List<String> keys) {
        keys.forEach(tags::remove);
    }

    /** Drops the records older than the retention period from every shard. */
    void trim(Instant now) {
        long horizon = now.minus(Duration.ofHours(retentionHours())).toEpochMilli();
        for (KinesisShard s : shards) s.trim(horizon);
    }
}
