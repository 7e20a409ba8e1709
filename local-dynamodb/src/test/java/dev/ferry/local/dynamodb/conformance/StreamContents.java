package dev.ferry.local.dynamodb.conformance;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A table stream read as a reader that follows shard lineage reads it: every shard (DescribeStream page by
 * page), parents before children, each from its trim horizon until a page comes back empty or the shard
 * ends. Valid against AWS, where the shard count and the listing order are the service's business.
 */
final class StreamContents {
    /** The records of one shard, in shard order. */
    record ShardRecords(Shard shard, List<Record> records) {}

    private StreamContents() {}

    /** Every shard of the stream, following LastEvaluatedShardId to the end of the listing. */
    static List<Shard> shards(DynamoDbStreamsClient streams, String streamArn) {
        List<Shard> shards = new ArrayList<>();
        String last = null;
        do {
            String start = last;
            var description = streams.describeStream(b -> b.streamArn(streamArn).exclusiveStartShardId(start)).streamDescription();
            shards.addAll(description.shards());
            last = description.lastEvaluatedShardId();
        } while (last != null);
        return shards;
    }

    /** The shards in an order where every listed parent comes before its children. */
    static List<Shard> parentsFirst(List<Shard> shards) {
        Map<String, Shard> byId = new LinkedHashMap<>();
        shards.forEach(s -> byId.put(s.shardId(), s));
        List<Shard> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        while (ordered.size() < shards.size()) {
            for (Shard s : byId.values()) {
                boolean parentPlaced = s.parentShardId() == null || !byId.containsKey(s.parentShardId()) || placed.contains(s.parentShardId());
                if (!placed.contains(s.shardId()) && parentPlaced) {
                    ordered.add(s);
                    placed.add(s.shardId());
                }
            }
        }
        return ordered;
    }

    /** Every shard with its records, parents first. */
    static List<ShardRecords> read(DynamoDbStreamsClient streams, String streamArn) {
        List<ShardRecords> out = new ArrayList<>();
        for (Shard shard : parentsFirst(shards(streams, streamArn))) {
            out.add(new ShardRecords(shard, readShard(streams, streamArn, shard.shardId())));
        }
        return out;
    }

    /** Every record of the stream: shard by shard, parents first. Records of different shards are not in write order. */
    static List<Record> all(DynamoDbStreamsClient streams, String streamArn) {
        return read(streams, streamArn).stream().flatMap(s -> s.records().stream()).toList();
    }

    /** One shard from its trim horizon until an empty page or its end. */
    static List<Record> readShard(DynamoDbStreamsClient streams, String streamArn, String shardId) {
        List<Record> records = new ArrayList<>();
        String it = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        for (int i = 0; i < 50 && it != null; i++) {
            String current = it;
            var page = streams.getRecords(b -> b.shardIterator(current));
            records.addAll(page.records());
            if (page.records().isEmpty()) break;
            it = page.nextShardIterator();
        }
        return records;
    }

    /** The id of the shard holding the records of the item whose key attribute {@code id} is {@code key}. */
    static String shardOf(DynamoDbStreamsClient streams, String streamArn, String key) {
        return read(streams, streamArn).stream()
                .filter(s -> s.records().stream().anyMatch(r -> key.equals(r.dynamodb().keys().get("id").s())))
                .map(s -> s.shard().shardId()).reduce((first, later) -> later)
                .orElseThrow(() -> new AssertionError("no shard of " + streamArn + " holds a record of id " + key));
    }
}
