package dev.ferry.local.eventsource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.deployment.EventSourceMappingSpec;
import dev.ferry.local.deployment.EventSourceMappingSpec.SourceKind;
import dev.ferry.local.deployment.EventSourceMappingSpec.StartingPosition;
import dev.ferry.local.faults.FaultInjector;
import dev.ferry.local.lambda.AwsClients;
import dev.ferry.local.lambda.Destinations;
import dev.ferry.local.lambda.FunctionInvoker;
import dev.ferry.local.lambda.InvocationSource;
import dev.ferry.local.lambda.InvokeResult;
import dev.ferry.local.lambda.Json;
import dev.ferry.local.lambda.RuntimeSettings;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Shard lineage, starting positions and record age, against an in-memory stream whose shards the test controls. */
class StreamPollerTest {

    /** A stream of shards held in memory; an iterator is "shardId:index". */
    static class MemoryStream implements StreamSource {
        record MemoryShard(Shard shard, List<String> data, boolean closed) {}

        final Map<String, MemoryShard> shards = Collections.synchronizedMap(new LinkedHashMap<>());
        /** Records whose data starts with "old" arrived this long ago. */
        Duration oldAge = Duration.ZERO;
        /** Shards whose reads fail, as a shard does whose iterator keeps expiring or whose endpoint is down. */
        final java.util.Set<String> failing = java.util.concurrent.ConcurrentHashMap.newKeySet();

        void shard(String id, Optional<String> parent, boolean closed, String... data) {
            shards.put(id, new MemoryShard(new Shard(id, parent, Optional.empty()), new ArrayList<>(List.of(data)), closed));
        }

        @Override
        public String kind() {
            return "Kinesis";
        }

        @Override
        public List<Shard> shards() {
            synchronized (shards) {
                return shards.values().stream().map(MemoryShard::shard).toList();
            }
        }

        @Override
        public String iterator(String shardId, Start start) {
            int size = shards.get(shardId).data().size();
            return shardId + ":" + switch (start) {
                case Start.Latest l -> size;
                case Start.AfterSequence a -> Integer.parseInt(a.sequenceNumber().substring(a.sequenceNumber().indexOf('#') + 1)) + 1;
                default -> 0;
            };
        }

        @Override
        public Page read(String shardId, String iterator, int limit) {
            if (failing.contains(shardId)) throw new IllegalStateException("reading " + shardId + " failed");
            MemoryShard s = shards.get(shardId);
            int from = Integer.parseInt(iterator.substring(iterator.lastIndexOf(':') + 1));
            List<Record> out = new ArrayList<>();
            int i = from;
            synchronized (shards) {
                for (; i < s.data().size() && out.size() < limit; i++) {
                    ObjectNode record = Json.MAPPER.createObjectNode();
                    record.putObject("kinesis").put("data", s.data().get(i));
                    Instant arrival = s.data().get(i).startsWith("old") ? Instant.now().minus(oldAge) : Instant.now();
                    String data = s.data().get(i);
                    // "key:value" names its partition key; other data shares one key.
                    String key = data.contains(":") ? data.substring(0, data.indexOf(':')) : "";
                    out.add(new Record(shardId + "#" + i, arrival, record, record.get("kinesis"), key));
                }
            }
            boolean end = s.closed() && i >= s.data().size();
            return new Page(out, end ? Optional.empty() : Optional.of(shardId + ":" + i));
        }
    }

    /** Records the data of every record it is invoked with, in order. */
    static final class RecordingInvoker implements FunctionInvoker {
        final List<String> seen = Collections.synchronizedList(new ArrayList<>());

        @Override
        public InvokeResult invoke(String functionArn, byte[] payload, InvocationSource source) {
            try {
                for (JsonNode r : Json.MAPPER.readTree(payload).get("Records")) {
                    seen.add(r.at("/kinesis/data").asText());
                }
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            return new InvokeResult.Success("id", "null".getBytes());
        }

        @Override
        public String functionName(String functionArn) {
            return "reader";
        }
    }

    private static EventSourceMappingSpec mapping(StartingPosition position) {
        return mapping(position, Optional.empty());
    }

    private static EventSourceMappingSpec mapping(StartingPosition position, Optional<Duration> maximumRecordAge) {
        return new EventSourceMappingSpec("m", "arn:aws:lambda:us-east-1:000000000000:function:reader",
                "arn:aws:kinesis:us-east-1:000000000000:stream/memory", SourceKind.KINESIS, true, 10, Duration.ZERO,
                false, List.of(), Optional.of(position), Optional.empty(), false, OptionalInt.empty(), maximumRecordAge,
                Optional.empty(), 1, OptionalInt.empty());
    }

    private static MappingServices services(RecordingInvoker invoker) {
        return services(invoker, new PrintStream(OutputStream.nullOutputStream()));
    }

    private static MappingServices services(RecordingInvoker invoker, PrintStream log) {
        RuntimeSettings settings = RuntimeSettings.defaults().withAllDelays(Duration.ofMillis(20)).withLog(log);
        AwsClients clients = new AwsClients(Map.of(), "us-east-1");
        return new MappingServices(invoker, clients, new Destinations(clients), settings, FaultInjector.disabled());
    }

    @Test
    void childShardsAreReadOnlyAfterTheirClosedParentIsReadToItsEnd() {
        MemoryStream stream = new MemoryStream();
        stream.shard("parent", Optional.empty(), true, "p1", "p2", "p3");
        stream.shard("left", Optional.of("parent"), false, "l1", "l2");
        stream.shard("right", Optional.of("parent"), false, "r1");
        RecordingInvoker invoker = new RecordingInvoker();
        try (StreamPoller poller = new StreamPoller(mapping(StartingPosition.TRIM_HORIZON), services(invoker), stream)) {
            poller.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> invoker.seen.size() == 6);
        }
        assertThat(invoker.seen.subList(0, 3)).containsExactly("p1", "p2", "p3");
        assertThat(invoker.seen.subList(3, 6)).containsExactlyInAnyOrder("l1", "l2", "r1");
        assertThat(invoker.seen.indexOf("l1")).isLessThan(invoker.seen.indexOf("l2"));
    }

    @Test
    void latestSkipsWhatIsThereAndShardsThatAppearLaterAreReadFromTheirStart() {
        MemoryStream stream = new MemoryStream();
        stream.shard("first", Optional.empty(), false, "old-1", "old-2");
        RecordingInvoker invoker = new RecordingInvoker();
        try (StreamPoller poller = new StreamPoller(mapping(StartingPosition.LATEST), services(invoker), stream)) {
            poller.start();
            synchronized (stream.shards) {
                stream.shards.get("first").data().add("new-1");
            }
            stream.shard("later", Optional.empty(), false, "later-1");
            await().atMost(Duration.ofSeconds(5)).until(() -> invoker.seen.size() == 2);
        }
        assertThat(invoker.seen).containsExactlyInAnyOrder("new-1", "later-1");
    }

    @Test
    void latestSkipsClosedParentsAndStartsTheirOpenChildrenAtOnce() {
        // A mapping created after a rollover: LATEST means what is written from now on, which a closed parent
        // never gets; its open child must start at its own tip now, not once the parent would have been read.
        MemoryStream stream = new MemoryStream();
        stream.shard("parent", Optional.empty(), true, "old-p1", "old-p2");
        stream.shard("child", Optional.of("parent"), false, "old-c1");
        RecordingInvoker invoker = new RecordingInvoker();
        try (StreamPoller poller = new StreamPoller(mapping(StartingPosition.LATEST), services(invoker), stream)) {
            poller.start();
            synchronized (stream.shards) {
                stream.shards.get("child").data().add("new-c2");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> invoker.seen.contains("new-c2"));
        }
        assertThat(invoker.seen).containsExactly("new-c2");
    }

    @Test
    void aShardRemovedByRetentionWhileItsReaderFailsIsGivenUpAndItsChildIsRead() {
        MemoryStream stream = new MemoryStream();
        stream.shard("doomed", Optional.empty(), true, "d1");
        stream.shard("child", Optional.of("doomed"), false, "c1");
        stream.failing.add("doomed");
        RecordingInvoker invoker = new RecordingInvoker();
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        try (StreamPoller poller = new StreamPoller(mapping(StartingPosition.TRIM_HORIZON),
                services(invoker, new PrintStream(log, true)), stream)) {
            poller.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> log.toString().contains("reading doomed failed"));
            assertThat(invoker.seen).as("the child waits for its parent").isEmpty();
            stream.shards.remove("doomed");
            await().atMost(Duration.ofSeconds(10)).until(() -> invoker.seen.contains("c1"));
            await().atMost(Duration.ofSeconds(10)).until(() -> log.toString().contains("doomed is no longer in"));
        }
        assertThat(invoker.seen).containsExactly("c1");
    }

    @Test
    void recordsOlderThanTheMaximumRecordAgeAreSkippedWithoutInvoking() {
        MemoryStream stream = new MemoryStream();
        stream.oldAge = Duration.ofHours(2);
        stream.shard("only", Optional.empty(), false, "old-1", "old-2", "fresh-3");
        RecordingInvoker invoker = new RecordingInvoker();
        try (StreamPoller poller = new StreamPoller(mapping(StartingPosition.TRIM_HORIZON, Optional.of(Duration.ofHours(1))),
                services(invoker), stream)) {
            poller.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> invoker.seen.size() == 1);
            assertThat(poller.stats().discarded()).isEqualTo(2);
        }
        assertThat(invoker.seen).containsExactly("fresh-3");
    }

    /** Settings whose poll interval is an hour: a reader that reads again before that was woken by a write. */
    private static MappingServices wokenBy(dev.ferry.local.StreamActivity activity, RecordingInvoker invoker) {
        RuntimeSettings settings = RuntimeSettings.defaults().withAllDelays(Duration.ofHours(1))
                .withLog(new PrintStream(OutputStream.nullOutputStream()));
        AwsClients clients = new AwsClients(Map.of(), "us-east-1");
        return new MappingServices(invoker, clients, new Destinations(clients), settings, FaultInjector.disabled(), Optional.of(activity));
    }

    private static void write(MemoryStream stream, dev.ferry.local.StreamActivity activity, String shard, String data) {
        synchronized (stream.shards) {
            stream.shards.get(shard).data().add(data);
        }
        activity.recordsAdded(dev.ferry.local.StreamActivity.kinesisStream("memory"));
    }

    @Test
    void anIdleReaderReadsAgainWhenItsStreamIsWrittenToAndNotBefore() {
        dev.ferry.local.StreamActivity activity = new dev.ferry.local.StreamActivity();
        MemoryStream stream = new MemoryStream();
        stream.shard("only", Optional.empty(), false);
        RecordingInvoker invoker = new RecordingInvoker();
        try (StreamPoller poller = new StreamPoller(mapping(StartingPosition.TRIM_HORIZON), wokenBy(activity, invoker), stream)) {
            poller.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> poller.stats().reads() == 1);

            write(stream, activity, "only", "a");
            await().atMost(Duration.ofSeconds(5)).until(() -> invoker.seen.size() == 1);
            write(stream, activity, "only", "b");
            await().atMost(Duration.ofSeconds(5)).until(() -> invoker.seen.size() == 2);
            await().atMost(Duration.ofSeconds(5)).until(() -> poller.stats().reads() == 5);

            // The first read found nothing; then each write made one read that found it and one that found the
            // shard empty again. With an hour between polls, no read happened for any other reason.
            assertThat(invoker.seen).containsExactly("a", "b");
            assertThat(poller.stats().reads()).isEqualTo(5);
        }
    }

    @Test
    void aWriteBetweenAnEmptyReadAndTheWaitIsNotMissed() throws InterruptedException {
        dev.ferry.local.StreamActivity activity = new dev.ferry.local.StreamActivity();
        String key = dev.ferry.local.StreamActivity.kinesisStream("memory");
        long before = activity.version(key);
        activity.recordsAdded(key);

        // A reader that noted the count before its read goes on at once, however long it would wait.
        assertThat(activity.awaitChange(key, before, Duration.ofHours(1))).isTrue();
        assertThat(activity.awaitChange(key, activity.version(key), Duration.ZERO)).isFalse();
    }

    /** One shard whose records have the numeric sequence numbers 100, 101, ..., as DynamoDB streams' are. */
    static final class NumberedShard implements StreamSource {
        final List<String> data = Collections.synchronizedList(new ArrayList<>());

        @Override
        public String kind() {
            return "DDBStream";
        }

        @Override
        public List<Shard> shards() {
            return List.of(new Shard("shard-1", Optional.empty(), Optional.empty()));
        }

        @Override
        public String iterator(String shardId, Start start) {
            return start instanceof Start.AfterSequence a ? Integer.toString(Integer.parseInt(a.sequenceNumber()) - 99) : "0";
        }

        @Override
        public Page read(String shardId, String iterator, int limit) {
            List<Record> out = new ArrayList<>();
            int i = Integer.parseInt(iterator);
            synchronized (data) {
                for (; i < data.size() && out.size() < limit; i++) {
                    ObjectNode record = Json.MAPPER.createObjectNode();
                    record.putObject("kinesis").put("data", data.get(i));
                    out.add(new Record(Integer.toString(100 + i), Instant.now(), record, record.get("kinesis")));
                }
            }
            return new Page(out, Optional.of(Integer.toString(i)));
        }

        /** Appends a record and reports it with its sequence number, as the DynamoDB emulator does. */
        void write(dev.ferry.local.StreamActivity activity, String key, String value) {
            int sequence;
            synchronized (data) {
                data.add(value);
                sequence = 100 + data.size() - 1;
            }
            activity.recordAdded(key, Integer.toString(sequence));
        }
    }

    @Test
    void aReaderThatReadTheNewestReportedRecordWaitsForTheNextWriteWithoutReadingAgain() {
        dev.ferry.local.StreamActivity activity = new dev.ferry.local.StreamActivity();
        String arn = "arn:aws:dynamodb:us-east-1:000000000000:table/outbox/stream/2026-12-07T00:00:00.000";
        String key = dev.ferry.local.StreamActivity.keyOf(arn, "shard-1").orElseThrow();
        NumberedShard stream = new NumberedShard();
        RecordingInvoker invoker = new RecordingInvoker();
        EventSourceMappingSpec spec = new EventSourceMappingSpec("m", "arn:aws:lambda:us-east-1:000000000000:function:reader", arn,
                SourceKind.DYNAMODB_STREAMS, true, 10, Duration.ZERO, false, List.of(), Optional.of(StartingPosition.TRIM_HORIZON),
                Optional.empty(), false, OptionalInt.empty(), Optional.empty(), Optional.empty(), 1, OptionalInt.empty());
        try (StreamPoller poller = new StreamPoller(spec, wokenBy(activity, invoker), stream)) {
            poller.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> poller.stats().reads() == 1);

            stream.write(activity, key, "a");
            await().atMost(Duration.ofSeconds(5)).until(() -> invoker.seen.size() == 1);
            stream.write(activity, key, "b");
            stream.write(activity, key, "c");
            await().atMost(Duration.ofSeconds(5)).until(() -> invoker.seen.size() == 3);

            // One empty read at the start, then one read per wake-up that found the records: having read up to the
            // newest reported sequence number, the reader does not read again to find the shard empty.
            assertThat(invoker.seen).containsExactly("a", "b", "c");
            assertThat(poller.stats().reads()).isBetween(3L, 4L);
        }
    }
}
