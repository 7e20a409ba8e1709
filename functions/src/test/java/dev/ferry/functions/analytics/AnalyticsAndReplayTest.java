package dev.ferry.functions.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ferry.envelope.Envelope;
import dev.ferry.functions.events.Events;
import dev.ferry.functions.events.OrderConfirmed;
import dev.ferry.functions.events.OrderPlaced;
import dev.ferry.functions.testing.LocalTables;
import dev.ferry.functions.testing.Messages;
import dev.ferry.functions.testing.TestContext;
import dev.ferry.functions.testing.TestEvents;
import dev.ferry.idempotency.TransactionalIdempotency;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live Kinesis consumer and the replay share one projection. The replay is tested here with recorded
 * records (an in-memory event log); reading a real stream (KinesisEventLog against Ferry's local Kinesis) is KinesisReplayTest.
 */
class AnalyticsAndReplayTest {

    private static LocalTables tables;
    private static AnalyticsHandler live;

    @BeforeAll
    static void start() {
        tables = LocalTables.start();
        live = new AnalyticsHandler(tables.environment());
    }

    @AfterAll
    static void stop() {
        tables.close();
    }

    private static String event(String type, Instant time, Object data) {
        Envelope<Object> e = new Envelope<>(UUID.randomUUID().toString(), Events.ORDERS_SOURCE, type, "o-" + UUID.randomUUID(), time, data,
                "corr-1", Optional.empty());
        return TestEvents.json(e);
    }

    /** Two shards' worth of recorded records, with a duplicate as Kinesis producers may write. */
    private static List<String> recorded() {
        Instant t = Instant.parse("2026-11-30T10:15:10Z");
        String confirmed = event(Events.ORDER_CONFIRMED, t.plusSeconds(5), new OrderConfirmed("o", "a", "12.50", "USD", null));
        return List.of(
                event(Events.ORDER_PLACED, t, new OrderPlaced("o", "a", "12.50", "USD")),
                event(Events.ORDER_PLACED, t.plusSeconds(1), new OrderPlaced("o", "a", "1.00", "USD")),
                confirmed,
                confirmed,
                event(Events.ORDER_CONFIRMED, t.plusSeconds(60), new OrderConfirmed("o", "a", "0.10", "USD", null)),
                event(Events.ORDER_CONFIRMED, t.plusSeconds(61), new OrderConfirmed("o", "a", "3", "JPY", null)));
    }

    private static StreamsEventResponse deliver(KinesisEvent event) {
        return live.handleRequest(event, TestContext.of("Analytics"));
    }

    @Test
    void liveConsumerCountsByMinuteAndTypeAndRevenueOncePerEvent() {
        List<String> records = recorded();
        deliver(Messages.kinesis(records.subList(0, 3).toArray(String[]::new)));
        deliver(Messages.kinesis(records.subList(2, 6).toArray(String[]::new)));

        Map<String, Map<String, String>> table = new AnalyticsTable(tables.client(), tables.name("analytics")).snapshot();
        assertThat(table.get("2026-11-30T10:15Z")).containsEntry("events", "3")
                .containsEntry("count#" + Events.ORDER_PLACED, "2")
                .containsEntry("count#" + Events.ORDER_CONFIRMED, "1")
                .containsEntry("revenue#USD", "12.5");
        assertThat(table.get("2026-11-30T10:16Z")).containsEntry("events", "2").containsEntry("revenue#USD", "0.1").containsEntry("revenue#JPY", "3");
    }

    @Test
    void aMalformedRecordStopsTheShardThereAndIsReported() {
        KinesisEvent event = Messages.kinesis(event(Events.ORDER_PLACED, Instant.parse("2026-11-30T11:00:00Z"), new OrderPlaced("o", "a", "1.00", "USD")),
                "{\"garbage\":true}",
                event(Events.ORDER_PLACED, Instant.parse("2026-11-30T11:00:01Z"), new OrderPlaced("o", "a", "1.00", "USD")));

        StreamsEventResponse response = deliver(event);

        assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(event.getRecords().get(1).getKinesis().getSequenceNumber());
        assertThat(new AnalyticsTable(tables.client(), tables.name("analytics")).snapshot().get("2026-11-30T11:00Z"))
                .as("only the record before the failure ran").containsEntry("events", "1");
    }

    @Test
    void replayIntoAFreshTableWhileTheLiveConsumerRunsAgreesWithIt() {
        String liveTable = "analytics-live-" + UUID.randomUUID();
        String replayTable = "analytics-replay-" + UUID.randomUUID();
        tables.createHashTable(liveTable, "minute", false);
        tables.createHashTable(replayTable, "minute", false);
        Map<String, String> env = new java.util.HashMap<>(tables.environment());
        env.put("ANALYTICS_TABLE", tables.name(liveTable));
        AnalyticsHandler liveConsumer = new AnalyticsHandler(env);
        List<String> records = recorded();
        InMemoryLog log = new InMemoryLog(records);

        liveConsumer.handleRequest(Messages.kinesis(records.toArray(String[]::new)), TestContext.of("Analytics"));
        TransactionalIdempotency keys = new TransactionalIdempotency(tables.client(), tables.name("idempotency"));
        AnalyticsProjector replayProjector = new AnalyticsProjector(new AnalyticsTable(tables.client(), tables.name(replayTable)), keys,
                Replay.namespace(tables.name(replayTable)));
        ReplayRun.Report report = new ReplayRun(log, replayProjector).run(new StartPosition.TrimHorizon());
        ReplayRun.Report again = new ReplayRun(log, replayProjector).run(new StartPosition.TrimHorizon());

        assertThat(report).isEqualTo(new ReplayRun.Report(6, 6, 0));
        assertThat(again.records()).isEqualTo(6);
        Map<String, Map<String, String>> replayed = new AnalyticsTable(tables.client(), tables.name(replayTable)).snapshot();
        assertThat(replayed).isEqualTo(new AnalyticsTable(tables.client(), tables.name(liveTable)).snapshot());
        assertThat(replayed.get("2026-11-30T10:15Z")).as("a rerun counts nothing twice").containsEntry("events", "3");
    }

    @Test
    void startPositionIsTrimHorizonOrAnInstant() {
        assertThat(StartPosition.parse("trim-horizon")).isEqualTo(new StartPosition.TrimHorizon());
        assertThat(StartPosition.parse("2026-11-30T10:00:00Z")).isEqualTo(new StartPosition.AtTimestamp(Instant.parse("2026-11-30T10:00:00Z")));
        assertThatThrownBy(() -> StartPosition.parse("yesterday")).hasMessageContaining("trim-horizon or an instant");
        assertThatThrownBy(() -> Replay.options(new String[] {"--stream"})).hasMessageContaining("needs a value");
    }

    /** Recorded records standing in for the stream. */
    private record InMemoryLog(List<String> records) implements EventLog {
        @Override
        public void read(StartPosition from, Consumer<String> sink) {
            new ArrayList<>(records).forEach(sink);
        }
    }
}
