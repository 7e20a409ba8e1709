package dev.ferry.outbox;

import static dev.ferry.outbox.StreamRecords.outboxInsert;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import dev.ferry.batch.ConsumerSettings;
import dev.ferry.batch.EnvelopeHandlers;
import dev.ferry.batch.KinesisBatchConsumer;
import dev.ferry.batch.Outcome;
import dev.ferry.correlation.Correlation;
import dev.ferry.envelope.EnvelopeCodec;
import dev.ferry.local.kinesis.KinesisService;
import dev.ferry.local.kinesis.KinesisSettings;
import dev.ferry.testing.TestLambdaContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** The relay appending through the Kinesis API to Ferry's local Kinesis, read back per shard by a toolkit consumer. */
class KinesisPublicationTest {

    private static KinesisService service;
    private static KinesisClient kinesis;

    @BeforeAll
    static void start() throws InterruptedException {
        service = KinesisService.start(KinesisSettings.defaults().withStreamTransitionTime(Duration.ofMillis(50)));
        kinesis = KinesisClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .endpointOverride(service.endpoint()).httpClient(UrlConnectionHttpClient.builder().build()).build();
        kinesis.createStream(b -> b.streamName("event-log").shardCount(2));
        for (int i = 0; i < 100 && kinesis.describeStreamSummary(b -> b.streamName("event-log")).streamDescriptionSummary().streamStatus() != StreamStatus.ACTIVE; i++) {
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stop() {
        kinesis.close();
        service.close();
    }

    @Test
    void eventsArePartitionedBySubjectAndReadBackInOrderPerSubject() {
        List<com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            records.add(outboxInsert(i + 1, StreamRecords.event("e" + i, "account-" + (i % 3))));
        }
        RelayResult result = new OutboxRelay(List.of(new KinesisTarget(kinesis, "event-log"))).relay(StreamRecords.event(records));
        assertThat(result.resumeFromSequenceNumber()).isEmpty();

        Map<String, List<String>> eventsBySubject = new LinkedHashMap<>();
        List<String> handled = new ArrayList<>();
        KinesisBatchConsumer consumer = new KinesisBatchConsumer(ConsumerSettings.atLeastOnce("audit"),
                EnvelopeHandlers.kinesis(EnvelopeCodec.untyped(), StreamRecords.Payload.class, e -> {
                    handled.add(e.id() + "|" + Correlation.current().correlationId());
                    return Outcome.done();
                }));
        for (Shard shard : kinesis.listShards(b -> b.streamName("event-log")).shards()) {
            String iterator = kinesis.getShardIterator(b -> b.streamName("event-log").shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            List<Record> shardRecords = kinesis.getRecords(b -> b.shardIterator(iterator)).records();
            for (Record r : shardRecords) {
                String subject = EnvelopeCodec.untyped().decodeTree(r.data().asUtf8String()).subject();
                assertThat(r.partitionKey()).isEqualTo(subject);
                eventsBySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(EnvelopeCodec.untyped().decodeTree(r.data().asUtf8String()).id());
            }
            assertThat(consumer.handle(lambdaEvent(shard.shardId(), shardRecords), TestLambdaContext.of("audit")).getBatchItemFailures()).isEmpty();
        }
        assertThat(eventsBySubject.get("account-0")).containsExactly("e0", "e3", "e6", "e9");
        assertThat(eventsBySubject.get("account-1")).containsExactly("e1", "e4", "e7", "e10");
        assertThat(eventsBySubject.get("account-2")).containsExactly("e2", "e5", "e8", "e11");
        assertThat(handled).hasSize(12).contains("e0|corr-e0", "e11|corr-e11");
    }

    private static KinesisEvent lambdaEvent(String shardId, List<Record> records) {
        List<KinesisEvent.KinesisEventRecord> converted = new ArrayList<>();
        for (Record r : records) {
            KinesisEvent.Record data = new KinesisEvent.Record();
            data.setSequenceNumber(r.sequenceNumber());
            data.setPartitionKey(r.partitionKey());
            data.setData(r.data().asByteBuffer());
            KinesisEvent.KinesisEventRecord record = new KinesisEvent.KinesisEventRecord();
            record.setKinesis(data);
            record.setEventID(shardId + ":" + r.sequenceNumber());
            converted.add(record);
        }
        KinesisEvent event = new KinesisEvent();
        event.setRecords(converted);
        return event;
    }
}
