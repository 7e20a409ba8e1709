package dev.ferry.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Without {@code services}, the annotation starts the whole local cloud. */
@FerryLocalCloud
class WholeCloudTest {

    @Test
    void aTopicDeliversToAQueueSubscribedThroughTheInjectedClients(SnsClient sns, SqsClient sqs) {
        String topicArn = sns.createTopic(t -> t.name("order-events")).topicArn();
        String queueUrl = sqs.createQueue(q -> q.queueName("billing")).queueUrl();
        String queueArn = sqs.getQueueAttributes(a -> a.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(s -> s.topicArn(topicArn).protocol("sqs").endpoint(queueArn).attributes(Map.of("RawMessageDelivery", "true")));

        sns.publish(p -> p.topicArn(topicArn).message("order-1 placed"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(1)).messages())
                        .extracting(m -> m.body()).containsExactly("order-1 placed"));
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
