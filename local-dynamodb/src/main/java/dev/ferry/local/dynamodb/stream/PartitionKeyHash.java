package dev.ferry.local.dynamodb.stream;

import dev.ferry.local.dynamodb.model.Value;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Chooses the shard slot of a partition key value. AWS places an item by a hash of its partition key and
 * keeps one stream shard per partition, so every change of one item lands on one shard; the emulator does
 * the same with a hash that is stable across runs and JVMs (MD5 of the type and the canonical value), so
 * a test that needs two keys on different shards can rely on the mapping it observed.
 */
public final class PartitionKeyHash {
    private PartitionKeyHash() {}

    /** The slot, from 0 to {@code slots - 1}, of a partition key value (a string, number or binary). */
    public static int slotOf(Value partitionKey, int slots) {
        MessageDigest md5 = md5();
        md5.update(partitionKey.type().getBytes(StandardCharsets.US_ASCII));
        md5.update((byte) 0);
        md5.update(switch (partitionKey) {
            case Value.S s -> s.value().getBytes(StandardCharsets.UTF_8);
            // the normalised text, so that 1.50 and 1.5 (one key to DynamoDB) share a slot
            case Value.N n -> n.text().getBytes(StandardCharsets.US_ASCII);
            case Value.B b -> b.value().toArray();
            default -> throw new IllegalArgumentException("a partition key is a string, number or binary, not " + partitionKey.type());
        });
        long hash = ByteBuffer.wrap(md5.digest()).getLong();
        return (int) Math.floorMod(hash, (long) slots);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides MD5", e);
        }
    }
}
