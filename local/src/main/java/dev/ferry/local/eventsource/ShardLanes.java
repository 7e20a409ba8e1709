package dev.ferry.local.eventsource;

import dev.ferry.local.eventsource.StreamSource.Record;
import java.util.ArrayList;
import java.util.List;

/**
 * How a shard's records are shared out when a mapping processes up to {@code ParallelizationFactor} batches of
 * one shard at once: each record goes to the lane its ordering key hashes to, keeping the shard's order within
 * the lane, and a lane's batches run one after the other. Records of one key (Kinesis: partition key; DynamoDB:
 * the item's key) thus always meet the function in order, as Lambda promises
 * (https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html: "Lambda still ensures in-order processing at
 * the partition-key level"; https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html: "at the item (partition
 * and sort key) level"), while records of different keys may run concurrently.
 */
final class ShardLanes {
    private ShardLanes() {}

    /** The non-empty lanes of {@code records}, each in shard order; one lane when {@code lanes} is 1. */
    static List<List<Record>> split(List<Record> records, int lanes) {
        if (lanes <= 1) {
            return records.isEmpty() ? List.of() : List.of(records);
        }
        List<List<Record>> byLane = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            byLane.add(new ArrayList<>());
        }
        for (Record r : records) {
            byLane.get(Math.floorMod(r.orderingKey().hashCode(), lanes)).add(r);
        }
        return byLane.stream().filter(lane -> !lane.isEmpty()).map(List::copyOf).toList();
    }

    /** A lane cut into batches of at most {@code batchSize} records, in order. */
    static List<List<Record>> batches(List<Record> lane, int batchSize) {
        List<List<Record>> batches = new ArrayList<>();
        for (int i = 0; i < lane.size(); i += batchSize) {
            batches.add(lane.subList(i, Math.min(lane.size(), i + batchSize)));
        }
        return batches;
    }
}
