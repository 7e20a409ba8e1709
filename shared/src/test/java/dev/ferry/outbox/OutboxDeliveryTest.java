package dev.ferry.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import dev.ferry.envelope.Envelope;
import dev.ferry.envelope.EnvelopeCodec;
import dev.ferry.envelope.EventTypes;
import dev.ferry.testing.LocalDynamoDb;
import dev.ferry.testing.MutableClock;
import dev.ferry.testing.RequestMeter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * No event is lost and none overtakes an earlier one of its subject, whatever the stream delivers and
 * however long publishing is down: the outbox table, not the stream, is what gets published.
 */
class OutboxDeliveryTest {

    record Happened(String what) {
    }

    private static final String TABLE = "accounts-outbox";
    private static final String TYPE = "com.ferry.test.Happened.v1";
    private static final OutboxRelay.Options NO_PAUSE = new OutboxRelay.Options(3, Duration.ZERO);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T09:00:00Z"));
    private final EnvelopeCodec codec = new EnvelopeCodec(EventTypes.builder().register(TYPE, Happened.class).build());
    private final SwitchableTarget target = new SwitchableTarget();
    private LocalDynamoDb dynamo;
    private Outbox outbox;
    private OutboxRelay relay;
    private OutboxSweeper sweeper;

    @BeforeEach
    void start() {
        dynamo = LocalDynamoDb.start(clock);
        dynamo.admin().createTable(OutboxTable.named(TABLE).createTableRequest());
        outbox = new Outbox(dynamo.client(), OutboxTable.named(TABLE), codec, clock);
        relay = new OutboxRelay(dynamo.client(), List.of(target), NO_PAUSE, Optional.empty());
        sweeper = new OutboxSweeper(dynamo.client(), List.of(target),
                new OutboxSweeper.Options(Duration.ofMinutes(5), 100, NO_PAUSE), clock, Optional.empty());
    }

    @AfterEach
    void stop() {
        dynamo.close();
    }

    private Envelope<Happened> write(String subject, String what) {
        clock.advance(Duration.ofMillis(3));
        Envelope<Happened> event = new Envelope<>(what, "/ferry/test", TYPE, subject, clock.instant(), new Happened(what), "corr-" + what, Optional.empty());
        dynamo.client().transactWriteItems(b -> b.transactItems(outbox.records(List.of(event))));
        return event;
    }

    private List<DynamodbEvent.DynamodbStreamRecord> stream() {
        return OutboxStreams.records(dynamo, TABLE).stream().filter(OutboxRelay::isOutboxInsert).toList();
    }

    private int pending() {
        return dynamo.admin().scan(b -> b.tableName(TABLE).consistentRead(true)).count();
    }

    @Test
    void anOutageLongerThanTheRelaysRetriesLosesNoEventAndTheSweeperDeliversThemInSubjectOrder() {
        write("account-1", "opened-1");
        write("account-2", "opened-2");
        write("account-1", "deposited-1");
        target.down();

        RelayResult duringOutage = relay.relay(OutboxStreams.event(stream()));
        // The event source mapping retries the batch until its limit, then gives up on it (stream-failures).
        assertThat(duringOutage.resumeFromSequenceNumber()).isPresent();
        assertThat(target.publishedEventIds).isEmpty();
        assertThat(pending()).as("every event still pending, none expired").isEqualTo(3);

        clock.advance(Duration.ofHours(30)); // longer than the stream keeps its records
        assertThat(sweeper.sweep(List.of(OutboxTable.named(TABLE))).errors()).as("still down").isNotEmpty();
        target.up();
        OutboxSweeper.SweepReport report = sweeper.sweep(List.of(OutboxTable.named(TABLE)));

        assertThat(report.clean()).isTrue();
        assertThat(target.publishedEventIds).containsExactlyInAnyOrder("opened-1", "opened-2", "deposited-1");
        assertThat(target.publishedEventIds).containsSubsequence("opened-1", "deposited-1");
        assertThat(pending()).isZero();

        Envelope<Happened> later = write("account-1", "deposited-2");
        List<DynamodbEvent.DynamodbStreamRecord> newest = stream().stream()
                .filter(r -> r.getDynamodb().getNewImage().get(OutboxRecord.EVENT_ID).getS().equals(later.id())).toList();
        relay.relay(OutboxStreams.event(newest));
        assertThat(target.publishedEventIds).as("the relay goes on, with nothing published twice")
                .hasSize(4).doesNotHaveDuplicates().endsWith("deposited-2");
    }

    @Test
    void anOlderRecordTheStreamNoLongerCarriesGoesOutBeforeTheNewerOneOfItsSubject() {
        write("account-1", "opened");
        write("account-1", "deposited");
        List<DynamodbEvent.DynamodbStreamRecord> records = stream();

        // Only the newer record reaches the relay first (another shard, or the older one was given up).
        relay.relay(OutboxStreams.event(List.of(records.get(1))));
        relay.relay(OutboxStreams.event(List.of(records.get(0))));

        assertThat(target.publishedEventIds).containsExactly("opened", "deposited");
    }

    @Test
    void aSubjectThatFailsStopsAloneAndTheBatchResumesAtItsFirstRecord() {
        write("account-1", "opened-1");
        write("account-2", "opened-2");
        List<DynamodbEvent.DynamodbStreamRecord> records = stream();
        target.refuse("account-1");

        RelayResult result = relay.relay(OutboxStreams.event(records));

        assertThat(target.publishedEventIds).containsExactly("opened-2");
        assertThat(result.resumeFromSequenceNumber()).contains(records.get(0).getDynamodb().getSequenceNumber());
        assertThat(pending()).isEqualTo(1);
    }

    @Test
    void theRelayCostsOneQueryPerSubjectAndOneDeletePerTwentyFivePublishedRecords() {
        write("account-1", "opened");
        write("account-1", "deposited");
        write("account-2", "opened-2");
        RequestMeter meter = new RequestMeter();
        OutboxRelay metered = new OutboxRelay(dynamo.client(meter), List.of(target), NO_PAUSE, Optional.empty());

        metered.relay(OutboxStreams.event(stream()));

        assertThat(target.publishedEventIds).hasSize(3);
        assertThat(meter.operations()).as("two subjects: a query each, one shared delete")
                .containsExactlyInAnyOrder("Query", "Query", "BatchWriteItem");
    }

    @Test
    void theSweeperLeavesRecordsYoungerThanItsGraceToTheRelay() {
        write("account-1", "opened");
        clock.advance(Duration.ofMinutes(4));
        OutboxSweeper.SweepReport report = sweeper.sweep(List.of(OutboxTable.named(TABLE)));
        assertThat(report.subjects()).isZero();
        assertThat(target.publishedEventIds).isEmpty();
        assertThat(pending()).isEqualTo(1);
    }

    @Test
    void eventsOfOneTransactionKeepTheirOrderInTheTable() {
        Envelope<Happened> first = new Envelope<>("z-first", "/ferry/test", TYPE, "account-9", clock.instant(), new Happened("a"), "c", Optional.empty());
        Envelope<Happened> second = new Envelope<>("a-second", "/ferry/test", TYPE, "account-9", clock.instant(), new Happened("b"), "c", Optional.empty());
        dynamo.client().transactWriteItems(b -> b.transactItems(outbox.records(List.of(first, second))));

        relay.relay(OutboxStreams.event(stream()));

        assertThat(target.publishedEventIds).as("not by event id: by the order they were written").containsExactly("z-first", "a-second");
        assertThat(dynamo.admin().query(q -> q.tableName(TABLE).keyConditionExpression("subject = :s")
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("account-9")))).count()).isZero();
    }
}
