package dev.ferry.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.ferry.idempotency.InMemoryIdempotencyStore;
import dev.ferry.testing.TestLambdaContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamConsumersTest {

    private final List<String> handled = new ArrayList<>();
    private final TestLambdaContext lambda = TestLambdaContext.of("analytics");

    private final MessageHandler<KinesisEvent.KinesisEventRecord> kinesisHandler = r -> {
        String data = StandardCharsets.UTF_8.decode(r.getKinesis().getData().duplicate()).toString();
        handled.add(r.getKinesis().getSequenceNumber());
        return switch (data) {
            case "fail" -> Outcome.retry("db busy");
            case "poison" -> Outcome.reject("unknown event type");
            case "boom" -> throw new IllegalStateException("bug");
            default -> Outcome.done();
        };
    };

    @Test
    void kinesisStopsAtTheFirstFailureAndReportsOnlyIt() {
        KinesisBatchConsumer consumer = new KinesisBatchConsumer(ConsumerSettings.atLeastOnce("analytics"), kinesisHandler);
        StreamsEventResponse response = consumer.handle(kinesis("ok", "ok", "fail", "ok", "ok"), lambda);
        assertThat(failures(response)).containsExactly("3");
        assertThat(handled).as("records after the failure are not run in this batch").containsExactly("1", "2", "3");
    }

    @Test
    void unexpectedExceptionStopsTheShardLikeARetry() {
        KinesisBatchConsumer consumer = new KinesisBatchConsumer(ConsumerSettings.atLeastOnce("analytics"), kinesisHandler);
        assertThat(failures(consumer.handle(kinesis("ok", "boom", "ok"), lambda))).containsExactly("2");
    }

    @Test
    void rejectedRecordGoesToTheDeadLetterDestinationAndTheShardMovesOn() {
        RecordingDeadLetters dlq = new RecordingDeadLetters();
        KinesisBatchConsumer consumer = new KinesisBatchConsumer(ConsumerSettings.atLeastOnce("analytics").withDeadLetters(dlq), kinesisHandler);
        StreamsEventResponse response = consumer.handle(kinesis("ok", "poison", "ok"), lambda);
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(handled).containsExactly("1", "2", "3");
        assertThat(dlq.letters).singleElement().satisfies(l -> {
            assertThat(l.sourceId()).isEqualTo("2");
            assertThat(l.reason()).isEqualTo("unknown event type");
        });
    }

    @Test
    void rejectedRecordWithoutADeadLetterDestinationStopsTheShardForTheOnFailureDestination() {
        KinesisBatchConsumer consumer = new KinesisBatchConsumer(ConsumerSettings.atLeastOnce("analytics"), kinesisHandler);
        assertThat(failures(consumer.handle(kinesis("ok", "poison", "ok"), lambda))).containsExactly("2");
    }

    @Test
    void atMostOnceStreamNeverStops() {
        KinesisBatchConsumer consumer = new KinesisBatchConsumer(ConsumerSettings.atMostOnce("telemetry"), kinesisHandler);
        assertThat(consumer.handle(kinesis("fail", "boom", "ok"), lambda).getBatchItemFailures()).isEmpty();
        assertThat(handled).containsExactly("1", "2", "3");
    }

    @Test
    void effectivelyOnceSkipsRecordsAlreadyHandledWhenTheBatchIsRetried() {
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
        List<String> fail = new ArrayList<>(List.of("3"));
        KinesisBatchConsumer consumer = new KinesisBatchConsumer(ConsumerSettings.effectivelyOnce("audit", store), r -> {
            handled.add(r.getKinesis().getSequenceNumber());
            return fail.remove(r.getKinesis().getSequenceNumber()) ? Outcome.retry("once") : Outcome.done();
        });
        KinesisEvent batch = kinesis("a", "b", "c", "d");
        assertThat(failures(consumer.handle(batch, lambda))).containsExactly("3");
        // Lambda retries from record 3 (same ids, same data); a full-batch replay is also harmless:
        assertThat(consumer.handle(batch, lambda).getBatchItemFailures()).isEmpty();
        assertThat(handled).containsExactly("1", "2", "3", "3", "4");
    }

    @Test
    void streamStopsBeforeTheTimeReserveAndResumesFromTheFirstUnstartedRecord() {
        KinesisBatchConsumer consumer = new KinesisBatchConsumer(ConsumerSettings.atLeastOnce("analytics").withTimeReserve(java.time.Duration.ofSeconds(2)),
                kinesisHandler);
        assertThat(failures(consumer.handle(kinesis("ok", "ok"), new TestLambdaContext("analytics", "r", 1_000)))).containsExactly("1");
        assertThat(handled).isEmpty();
    }

    @Test
    void dynamodbStreamStopsAtTheFirstFailure() {
        DynamodbStreamConsumer consumer = new DynamodbStreamConsumer(ConsumerSettings.atLeastOnce("projector"), r -> {
            handled.add(r.getDynamodb().getSequenceNumber());
            return "200".equals(r.getDynamodb().getSequenceNumber()) ? Outcome.retry("no") : Outcome.done();
        });
        DynamodbEvent event = new DynamodbEvent();
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        for (String seq : List.of("100", "200", "300")) {
            DynamodbEvent.DynamodbStreamRecord r = new DynamodbEvent.DynamodbStreamRecord();
            r.setEventID("e" + seq);
            r.setEventName("INSERT");
            StreamRecord s = new StreamRecord();
            s.setSequenceNumber(seq);
            r.setDynamodb(s);
            records.add(r);
        }
        event.setRecords(records);
        assertThat(failures(consumer.handle(event, lambda))).containsExactly("200");
        assertThat(handled).containsExactly("100", "200");
    }

    static KinesisEvent kinesis(String... payloads) {
        List<KinesisEvent.KinesisEventRecord> records = new ArrayList<>();
        for (int i = 0; i < payloads.length; i++) {
            KinesisEvent.Record data = new KinesisEvent.Record();
            data.setSequenceNumber(Integer.toString(i + 1));
            data.setPartitionKey("pk");
            data.setData(ByteBuffer.wrap(payloads[i].getBytes(StandardCharsets.UTF_8)));
            KinesisEvent.KinesisEventRecord record = new KinesisEvent.KinesisEventRecord();
            record.setKinesis(data);
            record.setEventID("shardId-000000000000:" + (i + 1));
            records.add(record);
        }
        KinesisEvent event = new KinesisEvent();
        event.setRecords(records);
        return event;
    }

    static List<String> failures(StreamsEventResponse response) {
        return response.getBatchItemFailures().stream().map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).toList();
    }
}
