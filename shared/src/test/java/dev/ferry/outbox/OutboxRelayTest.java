package dev.ferry.outbox;

import static dev.ferry.outbox.StreamRecords.event;
import static dev.ferry.outbox.StreamRecords.outboxInsert;
import static dev.ferry.outbox.StreamRecords.record;
import static dev.ferry.outbox.StreamRecords.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;

class OutboxRelayTest {

    private static final String TOPIC = "arn:aws:sns:us-east-1:000000000000:domain-events";
    private static final String FIFO_TOPIC = "arn:aws:sns:us-east-1:000000000000:domain-events.fifo";
    private final RecordingSns sns = new RecordingSns();
    private final RecordingKinesis kinesis = new RecordingKinesis();

    private OutboxRelay relay(PublicationTarget... targets) {
        return new OutboxRelay(List.of(targets), new OutboxRelay.Options(3, Duration.ZERO), Optional.empty());
    }

    @Test
    void onlyOutboxInsertsArePublishedWithTypeAndCorrelationAttributes() {
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> state = new HashMap<>();
        state.put("id", s("order-1"));
        state.put("status", s("PENDING"));
        var outboxRemoved = outboxInsert(4, event("e-old", "order-0"));
        outboxRemoved.setEventName("REMOVE");
        DynamodbEvent batch = StreamRecords.event(List.of(record(1, "INSERT", state), outboxInsert(2, event("e-1", "order-1")),
                record(3, "MODIFY", state), outboxRemoved));

        RelayResult result = relay(new SnsTarget(sns, TOPIC)).relay(batch);

        assertThat(result.publishedEventIds()).containsExactly("e-1");
        assertThat(result.toResponse().getBatchItemFailures()).isEmpty();
        PublishBatchRequestEntry entry = sns.published.get(0);
        assertThat(entry.messageAttributes().get("type").stringValue()).isEqualTo("com.ferry.test.Happened.v1");
        assertThat(entry.messageAttributes().get("correlationid").stringValue()).isEqualTo("corr-e-1");
        assertThat(entry.message()).contains("\"id\":\"e-1\"");
        assertThat(entry.messageGroupId()).isNull();
        assertThat(entry.messageDeduplicationId()).isNull();
    }

    @Test
    void fifoTopicGetsTheSubjectAsGroupAndTheEventIdAsDeduplicationId() {
        relay(new SnsTarget(sns, FIFO_TOPIC)).relay(StreamRecords.event(List.of(outboxInsert(1, event("e-1", "order-1")))));
        assertThat(sns.published.get(0).messageGroupId()).isEqualTo("order-1");
        assertThat(sns.published.get(0).messageDeduplicationId()).isEqualTo("e-1");
    }

    @Test
    void publishBatchCarriesAtMostTenEntries() {
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            records.add(outboxInsert(i + 1, event("e-" + i, "order-" + i)));
        }
        relay(new SnsTarget(sns, TOPIC)).relay(StreamRecords.event(records));
        assertThat(sns.requests).extracting(r -> r.publishBatchRequestEntries().size()).containsExactly(10, 10, 3);
        assertThat(sns.published).hasSize(23);
    }

    @Test
    void putRecordsCarriesAtMostFiveHundredEntriesKeyedBySubject() {
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            records.add(outboxInsert(i + 1, event("e-" + i, "order-" + i)));
        }
        relay(new KinesisTarget(kinesis, "event-log")).relay(StreamRecords.event(records));
        assertThat(kinesis.requests).extracting(r -> r.records().size()).containsExactly(500, 1);
        assertThat(kinesis.requests.get(0).streamName()).isEqualTo("event-log");
        assertThat(kinesis.appended.get(7).partitionKey()).isEqualTo("order-7");
    }

    @Test
    void transientEntryFailureIsRetriedWithoutAnyEventOvertakingAnEarlierOneOfItsSubject() {
        sns.failEntry("\"id\":\"x1\"", 2);
        DynamodbEvent batch = StreamRecords.event(List.of(
                outboxInsert(1, event("x1", "X")), outboxInsert(2, event("y1", "Y")), outboxInsert(3, event("x2", "X")),
                outboxInsert(4, event("y2", "Y")), outboxInsert(5, event("x3", "X"))));

        StreamsEventResponse response = relay(new SnsTarget(sns, TOPIC)).handle(batch);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(publishedIds()).filteredOn(id -> id.startsWith("x")).containsExactly("x1", "x2", "x3");
        assertThat(publishedIds()).filteredOn(id -> id.startsWith("y")).containsExactly("y1", "y2");
        for (PublishBatchRequest request : sns.requests) {
            assertThat(request.publishBatchRequestEntries()).extracting(e -> e.message().contains("\"subject\":\"X\""))
                    .as("one event per subject per request").filteredOn(b -> b).hasSizeLessThanOrEqualTo(1);
        }
    }

    @Test
    void persistentFailureStopsItsSubjectAndReportsTheFirstUnpublishedRecord() {
        sns.failEntry("\"id\":\"x2\"", 100);
        DynamodbEvent batch = StreamRecords.event(List.of(
                outboxInsert(10, event("x1", "X")), outboxInsert(20, event("y1", "Y")), outboxInsert(30, event("x2", "X")),
                outboxInsert(40, event("y2", "Y")), outboxInsert(50, event("x3", "X"))));

        RelayResult result = relay(new SnsTarget(sns, TOPIC)).relay(batch);

        assertThat(publishedIds()).containsExactlyInAnyOrder("x1", "y1", "y2");
        assertThat(publishedIds()).doesNotContain("x3");
        assertThat(result.resumeFromSequenceNumber()).contains("30");
        assertThat(result.toResponse().getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier).containsExactly("30");
        assertThat(result.errors()).singleElement().asString().contains("x2", "InternalError", "3 times");
        assertThat(result.publishedEventIds()).containsExactly("x1", "y1");
    }

    @Test
    void throttledRequestIsRetriedAsAWhole() {
        sns.throttleNextRequests = 1;
        RelayResult result = relay(new SnsTarget(sns, TOPIC)).relay(StreamRecords.event(List.of(
                outboxInsert(1, event("a", "A")), outboxInsert(2, event("b", "B")))));
        assertThat(result.resumeFromSequenceNumber()).isEmpty();
        assertThat(sns.requests).hasSize(2);
        assertThat(publishedIds()).containsExactly("a", "b");
    }

    @Test
    void kinesisEntryFailuresAreRetriedAndReportedWhenTheyPersist() {
        kinesis.failEntry("\"id\":\"b\"", 1);
        kinesis.failEntry("\"id\":\"c\"", 100);
        RelayResult result = relay(new KinesisTarget(kinesis, "event-log")).relay(StreamRecords.event(List.of(
                outboxInsert(1, event("a", "A")), outboxInsert(2, event("b", "B")), outboxInsert(3, event("c", "C")), outboxInsert(4, event("d", "D")))));
        assertThat(kinesis.appended).extracting(PutRecordsEntries::id).containsExactlyInAnyOrder("a", "b", "d");
        assertThat(result.resumeFromSequenceNumber()).contains("3");
    }

    @Test
    void aRecordIsDoneOnlyWhenEveryTargetHasIt() {
        kinesis.failEntry("\"id\":\"b\"", 100);
        RelayResult result = relay(new SnsTarget(sns, TOPIC), new KinesisTarget(kinesis, "event-log")).relay(StreamRecords.event(List.of(
                outboxInsert(1, event("a", "A")), outboxInsert(2, event("b", "B")), outboxInsert(3, event("c", "C")))));
        assertThat(publishedIds()).containsExactly("a", "b", "c");
        assertThat(result.resumeFromSequenceNumber()).contains("2");
        assertThat(result.publishedEventIds()).containsExactly("a");
    }

    @Test
    void malformedOutboxRecordStopsTheBatchThereSoNothingOvertakesIt() {
        var broken = outboxInsert(2, event("b", "B"));
        broken.getDynamodb().getNewImage().remove(OutboxRecord.ENVELOPE);
        RelayResult result = relay(new SnsTarget(sns, TOPIC)).relay(StreamRecords.event(List.of(
                outboxInsert(1, event("a", "A")), broken, outboxInsert(3, event("c", "C")))));
        assertThat(publishedIds()).containsExactly("a");
        assertThat(result.resumeFromSequenceNumber()).contains("2");
        assertThat(result.errors()).singleElement().asString().contains("'envelope'");
    }

    @Test
    void streamFilterPatternSelectsTheRecordsTheRelayPublishes() throws Exception {
        JsonNode pattern = new ObjectMapper().readTree(OutboxRecord.STREAM_FILTER_PATTERN);
        assertThat(pattern.at("/eventName/0").asText()).isEqualTo("INSERT");
        assertThat(pattern.at("/dynamodb/NewImage/" + OutboxRecord.KIND + "/S/0").asText()).isEqualTo(OutboxRecord.KIND_VALUE);
        assertThat(OutboxRelay.isOutboxInsert(outboxInsert(1, event("a", "A")))).isTrue();
    }

    @Test
    void longSubjectsAreHashedIntoAValidPartitionKey() {
        assertThat(KinesisTarget.partitionKey("s".repeat(300))).hasSize(64);
        assertThat(KinesisTarget.partitionKey("order-1")).isEqualTo("order-1");
    }

    private List<String> publishedIds() {
        return sns.published.stream().map(e -> PutRecordsEntries.idOf(e.message())).toList();
    }

    /** Reads the event id back out of a published envelope. */
    static final class PutRecordsEntries {
        static String id(software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry entry) {
            return idOf(entry.data().asUtf8String());
        }

        static String idOf(String envelope) {
            try {
                return new ObjectMapper().readTree(envelope).get("id").asText();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }
}
