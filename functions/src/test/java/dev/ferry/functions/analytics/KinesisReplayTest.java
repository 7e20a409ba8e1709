package dev.ferry.functions.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.aws.AwsClients;
import dev.ferry.envelope.Envelope;
import dev.ferry.functions.events.Events;
import dev.ferry.functions.events.OrderConfirmed;
import dev.ferry.functions.testing.LocalTables;
import dev.ferry.functions.testing.TestEvents;
import dev.ferry.local.kinesis.KinesisService;
import dev.ferry.local.kinesis.KinesisSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** The replay command's reading of a real Kinesis API (Ferry's local Kinesis): every shard, from the start or from an instant. */
class KinesisReplayTest {

    private static LocalTables tables;
    private static KinesisService kinesisService;
    private static AwsClients clients;

    @BeforeAll
    static void start() throws InterruptedException {
        tables = LocalTables.start();
        kinesisService = KinesisService.start(KinesisSettings.defaults().withStreamTransitionTime(Duration.ofMillis(50)));
        Map<String, String> env = new HashMap<>(tables.environment());
        env.put("AWS_ENDPOINT_URL_KINESIS", kinesisService.endpoint().toString());
        clients = AwsClients.fromEnvironment(env);
        KinesisClient kinesis = clients.kinesis();
        kinesis.createStream(b -> b.streamName("event-log").shardCount(2));
        for (int i = 0; i < 100 && kinesis.describeStreamSummary(b -> b.streamName("event-log")).streamDescriptionSummary().streamStatus() != StreamStatus.ACTIVE; i++) {
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stop() {
        clients.close();
        kinesisService.close();
        tables.close();
    }

    private static void append(String orderId, String amount, Instant time) {
        Envelope<OrderConfirmed> event = new Envelope<>(UUID.randomUUID().toString(), Events.ORDERS_SOURCE, Events.ORDER_CONFIRMED, orderId, time,
                new OrderConfirmed(orderId, "a-1", amount, "USD", null), "corr-1", Optional.empty());
        clients.kinesis().putRecord(b -> b.streamName("event-log").partitionKey(orderId).data(SdkBytes.fromUtf8String(TestEvents.json(event))));
    }

    private static Map<String, Map<String, String>> replay(StartPosition from) {
        String table = "replay-" + UUID.randomUUID();
        tables.createHashTable(table, "minute", false);
        ReplayRun.Report report = Replay.run(clients, "event-log", tables.name(table), tables.name("idempotency"), from);
        assertThat(report.rejected()).isZero();
        return new AnalyticsTable(clients.dynamoDb(), tables.name(table)).snapshot();
    }

    @Test
    void aReplayIntoTheSameTableAfterTheFirstOneCountsNothingTwiceForAsLongAsTheStreamKeepsItsRecords() {
        append("again-1", "2.00", Instant.parse("2026-11-30T11:00:10Z"));
        String table = "replay-" + UUID.randomUUID();
        tables.createHashTable(table, "minute", false);

        Replay.run(clients, "event-log", tables.name(table), tables.name("idempotency"), new StartPosition.TrimHorizon());
        Replay.run(clients, "event-log", tables.name(table), tables.name("idempotency"), new StartPosition.TrimHorizon());

        assertThat(new AnalyticsTable(clients.dynamoDb(), tables.name(table)).snapshot().get("2026-11-30T11:00Z")).containsEntry("events", "1");
        long retention = Duration.ofHours(clients.kinesis().describeStreamSummary(b -> b.streamName("event-log"))
                .streamDescriptionSummary().retentionPeriodHours()).toSeconds();
        assertThat(tables.scan("idempotency")).filteredOn(k -> k.get("id").s().startsWith(Replay.namespace(tables.name(table)) + "#"))
                .isNotEmpty().allSatisfy(k -> assertThat(Long.parseLong(k.get("expiresAt").n()))
                        .as("the key outlives every record a later replay could read")
                        .isGreaterThan(Instant.now().getEpochSecond() + retention));
    }

    @Test
    void replayReadsEveryShardFromTheStartOrFromAnInstant() throws InterruptedException {
        Instant minute = Instant.parse("2026-11-30T09:00:10Z");
        for (int i = 0; i < 6; i++) {
            append("early-" + i, "1.00", minute);
        }
        Thread.sleep(300);
        Instant between = Instant.now();
        Thread.sleep(300);
        for (int i = 0; i < 4; i++) {
            append("late-" + i, "0.25", minute);
        }

        assertThat(clients.kinesis().listShards(b -> b.streamName("event-log")).shards()).hasSize(2);
        assertThat(replay(new StartPosition.TrimHorizon()).get("2026-11-30T09:00Z"))
                .containsEntry("events", "10").containsEntry("revenue#USD", "7");
        assertThat(replay(new StartPosition.AtTimestamp(between)).get("2026-11-30T09:00Z"))
                .as("only what arrived after the instant").containsEntry("events", "4").containsEntry("revenue#USD", "1");
    }
}
