package dev.ferry.local.eventsource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.local.deployment.EventSourceMappingSpec;
import dev.ferry.local.deployment.EventSourceMappingSpec.SourceKind;
import dev.ferry.local.deployment.EventSourceMappingSpec.StartingPosition;
import dev.ferry.local.eventsource.StreamPollerTest.MemoryStream;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * ParallelizationFactor: up to that many batches of one shard at once, records of one partition key always in
 * the order the shard holds them, and failures (retries, bisection, partial batch responses, giving up) handled
 * per batch as with one batch per shard. Against an in-memory stream, so that the test decides the keys.
 */
class ParallelizationFactorTest {

    /**
     * A function that takes a while per batch, counts how many of its batches run at once, and records the data it
     * processed, in order. A batch holding a value of {@code failing} fails as a whole (nothing recorded) while that
     * value has failures left; a value of {@code reported} is named in batchItemFailures once, and the batch stops
     * there, as a stream consumer that keeps order does.
     */
    static final class LaneFunction implements FunctionInvoker {
        final List<String> processed = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
        final Map<String, AtomicInteger> failing = new ConcurrentHashMap<>();
        final Set<String> reported = ConcurrentHashMap.newKeySet();
        final long pauseMillis;

        LaneFunction(long pauseMillis) {
            this.pauseMillis = pauseMillis;
        }

        @Override
        public InvokeResult invoke(String functionArn, byte[] payload, InvocationSource source) {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(pauseMillis);
                List<JsonNode> records = new ArrayList<>();
                Json.MAPPER.readTree(payload).get("Records").forEach(records::add);
                for (JsonNode r : records) {
                    AtomicInteger left = failing.get(data(r));
                    if (left != null && left.getAndDecrement() > 0) {
                        return new InvokeResult.FunctionError("id", "Boom", "cannot process " + data(r), "{}");
                    }
                }
                for (JsonNode r : records) {
                    if (reported.remove(data(r))) {
                        String sequenceNumber = r.at("/kinesis/sequenceNumber").asText();
                        return new InvokeResult.Success("id", ("{\"batchItemFailures\":[{\"itemIdentifier\":\"" + sequenceNumber
                                + "\"}]}").getBytes(StandardCharsets.UTF_8));
                    }
                    processed.add(data(r));
                }
                return new InvokeResult.Success("id", "null".getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new InvokeResult.FunctionError("id", "Interrupted", "stopping", "{}");
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            } finally {
                running.decrementAndGet();
            }
        }

        private static String data(JsonNode record) {
            return record.at("/kinesis/data").asText();
        }

        @Override
        public String functionName(String functionArn) {
            return "lanes";
        }

        /** What was processed of each key, in processing order. */
        Map<String, List<String>> byKey() {
            Map<String, List<String>> byKey = new LinkedHashMap<>();
            synchronized (processed) {
                for (String d : processed) {
                    byKey.computeIfAbsent(d.substring(0, d.indexOf(':')), k -> new ArrayList<>()).add(d);
                }
            }
            return byKey;
        }
    }

    /** The records the memory stream serves carry their sequence number the way a Kinesis event does. */
    static final class KinesisLikeStream extends MemoryStream {
        @Override
        public Page read(String shardId, String iterator, int limit) {
            Page page = super.read(shardId, iterator, limit);
            page.records().forEach(r -> ((com.fasterxml.jackson.databind.node.ObjectNode) r.eventRecord().get("kinesis"))
                    .put("sequenceNumber", r.sequenceNumber()));
            return page;
        }
    }

    /** {@code keys} keys with {@code perKey} records each, interleaved as producers would write them. */
    private static String[] interleaved(int keys, int perKey) {
        List<String> data = new ArrayList<>();
        for (int n = 1; n <= perKey; n++) {
            for (int k = 1; k <= keys; k++) {
                data.add("key" + k + ":" + n);
            }
        }
        return data.toArray(String[]::new);
    }

    private static List<String> inOrder(String key, int perKey) {
        List<String> expected = new ArrayList<>();
        for (int n = 1; n <= perKey; n++) {
            expected.add(key + ":" + n);
        }
        return expected;
    }

    private static EventSourceMappingSpec mapping(int batchSize, int parallelizationFactor, boolean reportBatchItemFailures,
                                                  boolean bisect, OptionalInt maximumRetryAttempts) {
        return new EventSourceMappingSpec("m", "arn:aws:lambda:us-east-1:000000000000:function:lanes",
                "arn:aws:kinesis:us-east-1:000000000000:stream/memory", SourceKind.KINESIS, true, batchSize, Duration.ZERO,
                reportBatchItemFailures, List.of(), Optional.of(StartingPosition.TRIM_HORIZON), Optional.empty(), bisect,
                maximumRetryAttempts, Optional.empty(), Optional.empty(), parallelizationFactor, OptionalInt.empty());
    }

    private static MappingServices services(FunctionInvoker function) {
        RuntimeSettings settings = RuntimeSettings.defaults().withAllDelays(Duration.ofMillis(20))
                .withLog(new PrintStream(OutputStream.nullOutputStream()));
        AwsClients clients = new AwsClients(Map.of(), "us-east-1");
        return new MappingServices(function, clients, new Destinations(clients), settings, FaultInjector.disabled());
    }

    @Test
    void upToTheFactorsBatchesOfOneShardRunAtOnceAndEachKeysRecordsKeepTheirOrder() {
        int keys = 12;
        int perKey = 8;
        MemoryStream stream = new KinesisLikeStream();
        stream.shard("shard-0", Optional.empty(), false, interleaved(keys, perKey));
        LaneFunction function = new LaneFunction(30);
        try (StreamPoller poller = new StreamPoller(mapping(4, 3, false, false, OptionalInt.empty()), services(function), stream)) {
            poller.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> function.processed.size() == keys * perKey);

            assertThat(poller.stats().peakConcurrentBatches()).as("the mapping's own count").isBetween(2, 3);
        }
        assertThat(function.peak.get()).as("batches of the one shard at once").isBetween(2, 3);
        Map<String, List<String>> byKey = function.byKey();
        assertThat(byKey).hasSize(keys);
        byKey.forEach((key, seen) -> assertThat(seen).as("records of %s", key).containsExactlyElementsOf(inOrder(key, perKey)));
    }

    @Test
    void withAFactorOfOneAShardHasOneBatchInFlight() {
        MemoryStream stream = new KinesisLikeStream();
        stream.shard("shard-0", Optional.empty(), false, interleaved(6, 5));
        LaneFunction function = new LaneFunction(10);
        try (StreamPoller poller = new StreamPoller(mapping(4, 1, false, false, OptionalInt.empty()), services(function), stream)) {
            poller.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> function.processed.size() == 30);
        }
        assertThat(function.peak.get()).isEqualTo(1);
        assertThat(function.processed).containsExactly(interleaved(6, 5));
    }

    @Test
    void aFailingBatchIsRetriedAndBisectedInItsLaneAndNoKeyOvertakesItsFailedRecord() {
        int keys = 6;
        int perKey = 6;
        MemoryStream stream = new KinesisLikeStream();
        stream.shard("shard-0", Optional.empty(), false, interleaved(keys, perKey));
        LaneFunction function = new LaneFunction(5);
        function.failing.put("key2:3", new AtomicInteger(3));
        try (StreamPoller poller = new StreamPoller(mapping(4, 2, false, true, OptionalInt.of(10)), services(function), stream)) {
            poller.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> function.processed.size() == keys * perKey);

            assertThat(poller.stats().failedBatches()).isGreaterThanOrEqualTo(3);
            assertThat(poller.stats().discarded()).isZero();
        }
        assertThat(function.peak.get()).isLessThanOrEqualTo(2);
        function.byKey().forEach((key, seen) -> assertThat(seen).as("records of %s", key).containsExactlyElementsOf(inOrder(key, perKey)));
    }

    @Test
    void aPartialBatchResponseRetriesFromTheReportedRecordInItsLane() {
        int keys = 6;
        int perKey = 6;
        MemoryStream stream = new KinesisLikeStream();
        stream.shard("shard-0", Optional.empty(), false, interleaved(keys, perKey));
        LaneFunction function = new LaneFunction(5);
        function.reported.addAll(List.of("key1:2", "key4:5"));
        try (StreamPoller poller = new StreamPoller(mapping(5, 2, true, false, OptionalInt.of(10)), services(function), stream)) {
            poller.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> function.processed.size() == keys * perKey);

            assertThat(poller.stats().failedBatches()).isEqualTo(2);
        }
        assertThat(function.reported).as("both reported once, then processed").isEmpty();
        function.byKey().forEach((key, seen) -> assertThat(seen).as("records of %s", key).containsExactlyElementsOf(inOrder(key, perKey)));
    }

    @Test
    void aRecordThatNeverSucceedsIsGivenUpAloneAndEveryOtherRecordIsProcessedInOrder() {
        int keys = 4;
        int perKey = 5;
        MemoryStream stream = new KinesisLikeStream();
        stream.shard("shard-0", Optional.empty(), false, interleaved(keys, perKey));
        LaneFunction function = new LaneFunction(5);
        function.failing.put("key3:2", new AtomicInteger(Integer.MAX_VALUE));
        try (StreamPoller poller = new StreamPoller(mapping(4, 2, false, true, OptionalInt.of(1)), services(function), stream)) {
            poller.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> function.processed.size() == keys * perKey - 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> poller.stats().discarded() == 1);
        }
        Map<String, List<String>> byKey = function.byKey();
        List<String> key3 = new ArrayList<>(inOrder("key3", perKey));
        key3.remove("key3:2");
        assertThat(byKey.get("key3")).containsExactlyElementsOf(key3);
        byKey.forEach((key, seen) -> {
            if (!key.equals("key3")) {
                assertThat(seen).as("records of %s", key).containsExactlyElementsOf(inOrder(key, perKey));
            }
        });
    }

    @Test
    void recordsOfOneKeyShareALaneAndTheLanesKeepTheShardsOrder() {
        List<StreamSource.Record> records = new ArrayList<>();
        for (String d : interleaved(5, 4)) {
            records.add(new StreamSource.Record("seq-" + records.size(), java.time.Instant.EPOCH, Json.MAPPER.createObjectNode(),
                    Json.MAPPER.createObjectNode(), d.substring(0, d.indexOf(':'))));
        }
        List<List<StreamSource.Record>> lanes = ShardLanes.split(records, 3);

        assertThat(lanes).hasSizeLessThanOrEqualTo(3);
        assertThat(lanes.stream().mapToInt(List::size).sum()).isEqualTo(records.size());
        for (List<StreamSource.Record> lane : lanes) {
            List<Integer> positions = lane.stream().map(records::indexOf).toList();
            assertThat(positions).isSorted();
        }
        for (int k = 1; k <= 5; k++) {
            String key = "key" + k;
            assertThat(lanes.stream().filter(l -> l.stream().anyMatch(r -> r.orderingKey().equals(key))).count())
                    .as("lanes holding %s", key).isEqualTo(1);
        }
        assertThat(ShardLanes.batches(lanes.getFirst(), 3)).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(3));
    }
}
