package dev.ferry.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.dynamodb.DynamoDbEmulator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** What the stream readers wait for, and that the DynamoDB emulator reports each record to the shard that got it. */
class StreamActivityTest {

    @Test
    void aReaderOfAShardWaitsForItsDynamoDbShardOrItsWholeKinesisStream() {
        assertThat(StreamActivity.keyOf("arn:aws:dynamodb:us-east-1:000000000000:table/dev-orders-outbox/stream/2026-12-07T00:15:14.708",
                "shardId-0001")).contains("dynamodb:dev-orders-outbox/shardId-0001");
        assertThat(StreamActivity.keyOf("arn:aws:kinesis:us-east-1:000000000000:stream/dev-event-log", "shardId-000000000001"))
                .contains("kinesis:dev-event-log");
        assertThat(StreamActivity.keyOf("arn:aws:sqs:us-east-1:000000000000:queue", "s")).isEmpty();
        assertThat(StreamActivity.keyOf("not an arn", "s")).isEmpty();
    }

    @Test
    void theDynamoDbEmulatorCountsEachRecordOnTheShardThatHoldsIt() {
        StreamActivity activity = new StreamActivity();
        try (DynamoDbEmulator ddb = DynamoDbEmulator.builder().streamActivity(activity).start();
             DynamoDbClient dynamodb = DynamoDbClient.builder().endpointOverride(ddb.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build();
             DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder().endpointOverride(ddb.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build()) {
            String streamArn = dynamodb.createTable(t -> t.tableName("outbox").billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                    .keySchema(k -> k.attributeName("id").keyType("HASH"))
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE)))
                    .tableDescription().latestStreamArn();
            for (int i = 0; i < 5; i++) {
                String id = "item-" + i;
                dynamodb.putItem(p -> p.tableName("outbox").item(Map.of("id", AttributeValue.fromS(id))));
            }
            dynamodb.getItem(g -> g.tableName("outbox").key(Map.of("id", AttributeValue.fromS("item-0"))));

            List<Shard> shards = streams.describeStream(d -> d.streamArn(streamArn)).streamDescription().shards();
            long reported = 0;
            for (Shard shard : shards) {
                long writes = activity.version(StreamActivity.keyOf(streamArn, shard.shardId()).orElseThrow());
                String iterator = streams.getShardIterator(i -> i.streamArn(streamArn).shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                var records = streams.getRecords(r -> r.shardIterator(iterator)).records();
                // Each shard's count is the records it holds: a write wakes that shard's reader only.
                assertThat(writes).as("writes reported for %s", shard.shardId()).isEqualTo(records.size());
                String key = StreamActivity.keyOf(streamArn, shard.shardId()).orElseThrow();
                if (!records.isEmpty()) {
                    // The newest reported is the sequence number a reader sees on the shard's last record.
                    assertThat(activity.newest(key)).contains(new java.math.BigInteger(records.getLast().dynamodb().sequenceNumber()));
                }
                reported += writes;
            }
            assertThat(reported).isEqualTo(5);
        }
    }
}
