package dev.ferry.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Without {@code services}, the annotation starts the whole local cloud. */
@FerryLocalCloud
class WholeCloudTest {

    @Test
    void everyClientTheExtensionOffersReachesItsService(DynamoDbClient dynamo, DynamoDbStreamsClient streams,
                                                        SqsClient sqs, SnsClient sns, KinesisClient kinesis) {
        dynamo.createTable(t -> t.tableName("accounts")
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .streamSpecification(st -> st.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY)));
        sqs.createQueue(q -> q.queueName("emails"));
        sns.createTopic(t -> t.name("account-events"));

        assertThat(dynamo.listTables().tableNames()).containsExactly("accounts");
        assertThat(streams.listStreams().streams()).extracting(st -> st.tableName()).containsExactly("accounts");
        assertThat(sqs.listQueues().queueUrls()).singleElement().asString().endsWith("/emails");
        assertThat(sns.listTopics().topics()).singleElement().extracting(t -> t.topicArn()).asString().endsWith(":account-events");
        assertThat(kinesis.listStreams().streamNames()).isEmpty();
    }

    @Test
    void aRecordPutOnAStreamIsReadBack(KinesisClient kinesis) {
        kinesis.createStream(c -> c.streamName("clicks").shardCount(1));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                kinesis.describeStreamSummary(d -> d.streamName("clicks")).streamDescriptionSummary().streamStatus() == StreamStatus.ACTIVE);
        kinesis.putRecord(p -> p.streamName("clicks").partitionKey("user-1").data(SdkBytes.fromUtf8String("click")));

        String shardId = kinesis.listShards(l -> l.streamName("clicks")).shards().getFirst().shardId();
        String iterator = kinesis.getShardIterator(i -> i.streamName("clicks").shardId(shardId)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        assertThat(kinesis.getRecords(g -> g.shardIterator(iterator)).records())
                .extracting(r -> r.data().asUtf8String()).containsExactly("click");
    }
}
