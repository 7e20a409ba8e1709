package dev.ferry.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.ferry.local.dynamodb.conformance.StreamContents.ShardRecords;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * A stream is a set of shards: DescribeStream lists them page by page, every change of one item lands on
 * one shard in the order the changes were applied, and changes of different items spread over the shards.
 * Valid against AWS except where a test says it is emulator-only (AWS decides how many shards a table's
 * stream has; a new on-demand table may have just one).
 */
class StreamShardsTest extends ConformanceTest {

    private String streamArn(String table) {
        return dynamodb.describeTable(b -> b.tableName(table)).table().latestStreamArn();
    }

    private void put(String table, String id, int version) {
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s(id), "v", n(version))));
    }

    private static String id(Record r) {
        return r.dynamodb().keys().get("id").s();
    }

    @Test
    void describeStreamPagedOneShardAtATimeListsEveryShardOnce() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_DescribeStream.html#DDB-streams_DescribeStream-request-ExclusiveStartShardId and
        //   #DDB-streams_DescribeStream-response-StreamDescription (LastEvaluatedShardId)
        // Recorded: scylladb/scylladb test/alternator/test_streams.py test_describe_stream_with_nonexistent_last_shard (paging by ExclusiveStartShardId)
        String table = streamedTable("shardpages", StreamViewType.KEYS_ONLY);
        String arn = streamArn(table);
        List<Shard> all = StreamContents.shards(streams, arn);
        List<Shard> paged = new ArrayList<>();
        String last = null;
        do {
            String start = last;
            var description = streams.describeStream(b -> b.streamArn(arn).limit(1).exclusiveStartShardId(start)).streamDescription();
            assertThat(description.shards()).hasSizeLessThanOrEqualTo(1);
            paged.addAll(description.shards());
            last = description.lastEvaluatedShardId();
        } while (last != null && paged.size() <= all.size());
        assertThat(paged).extracting(Shard::shardId).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(all.stream().map(Shard::shardId).toList());
        target.emulator.ifPresent(e -> assertThat(paged).as("the emulator's configured shard count")
                .hasSize(e.streamSettings().shardCount()));
    }

    @Test
    void recordsOfOnePartitionKeyStayOnOneShardInWriteOrder() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html "For each item that is modified in a DynamoDB table, the stream records appear in the same sequence as the actual
        //   modifications to the item"
        // Ferry's choice: one shard per partition key (AWS documents the order per item, not which shard holds it)
        String table = streamedTable("oneshard", StreamViewType.NEW_IMAGE);
        List<String> others = IntStream.range(0, 12).mapToObj(i -> "other-" + i).toList();
        for (int v = 0; v < 20; v++) {
            put(table, "subject", v);
            put(table, others.get(v % others.size()), v);
        }
        List<ShardRecords> shards = StreamContents.read(streams, streamArn(table));
        List<ShardRecords> holding = shards.stream().filter(s -> s.records().stream().anyMatch(r -> id(r).equals("subject"))).toList();
        assertThat(holding).as("shards holding records of the subject").hasSize(1);
        assertThat(holding.getFirst().records()).filteredOn(r -> id(r).equals("subject"))
                .extracting(r -> Integer.parseInt(r.dynamodb().newImage().get("v").n()))
                .containsExactlyElementsOf(IntStream.range(0, 20).boxed().toList());
        for (ShardRecords s : shards) {
            assertThat(s.records()).as("sequence numbers within shard %s", s.shard().shardId())
                    .extracting(r -> new BigInteger(r.dynamodb().sequenceNumber())).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void recordsOfDifferentPartitionKeysSpreadOverTheShards() {
        // Ferry's choice: the emulator gives every stream several shards (4 by default) so that readers meet cross-shard
        //   reordering locally; AWS follows the table's partitions, and a new table may have one shard (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html#Streams.Processing)
        assumeThat(target.embedded()).as("AWS sizes a stream by the table's partitions; a new table may have one").isTrue();
        String table = streamedTable("spread", StreamViewType.KEYS_ONLY);
        List<String> ids = IntStream.range(0, 40).mapToObj(i -> "order-" + i).toList();
        for (String id : ids) put(table, id, 1);
        for (String id : ids) put(table, id, 2);
        List<ShardRecords> shards = StreamContents.read(streams, streamArn(table));
        List<ShardRecords> used = shards.stream().filter(s -> !s.records().isEmpty()).toList();
        assertThat(used).as("shards that received records").hasSizeGreaterThan(1);
        Map<String, Set<String>> shardsOfId = new java.util.HashMap<>();
        for (ShardRecords s : shards) {
            for (Record r : s.records()) shardsOfId.computeIfAbsent(id(r), k -> new java.util.HashSet<>()).add(s.shard().shardId());
        }
        assertThat(shardsOfId).hasSize(ids.size()).allSatisfy((id, shardIds) -> assertThat(shardIds).as(id).hasSize(1));
        assertThat(used.stream().mapToInt(s -> s.records().size()).sum()).isEqualTo(2 * ids.size());
        assertThat(shards.stream().map(s -> s.shard().shardId()).collect(Collectors.toSet())).hasSize(shards.size());
    }

    @Test
    void aShardFilterOfAnUnknownTypeIsRefused() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_ShardFilter.html (Type: "Valid Values: CHILD_SHARDS")
        // Recorded: scylladb/scylladb test/alternator/test_streams.py test_stream_shard_filtering_wrong_type
        String table = streamedTable("shardfilter", StreamViewType.KEYS_ONLY);
        String arn = streamArn(table);
        String shard = StreamContents.shards(streams, arn).getFirst().shardId();
        assertValidationError(() -> streams.describeStream(b -> b.streamArn(arn).shardFilter(f -> f.type("PARENT_SHARDS").shardId(shard))));
    }
}
