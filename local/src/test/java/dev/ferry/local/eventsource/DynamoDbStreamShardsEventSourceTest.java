package dev.ferry.local.eventsource;

import static dev.ferry.local.lambda.testing.Functions.env;
import static dev.ferry.local.lambda.testing.Functions.function;
import static dev.ferry.local.lambda.testing.Functions.streamMapping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.local.deployment.EventSourceMappingSpec;
import dev.ferry.local.deployment.EventSourceMappingSpec.SourceKind;
import dev.ferry.local.deployment.FunctionSpec;
import dev.ferry.local.dynamodb.DynamoDbEmulator;
import dev.ferry.local.dynamodb.stream.ShardRollover;
import dev.ferry.local.faults.FaultPlan;
import dev.ferry.local.lambda.Json;
import dev.ferry.local.lambda.LambdaRuntime;
import dev.ferry.local.lambda.RuntimeSettings;
import dev.ferry.local.lambda.testing.FunctionAssets;
import dev.ferry.local.lambda.testing.Functions;
import dev.ferry.local.lambda.testing.OutputFiles;
import dev.ferry.local.sqs.SqsService;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The DynamoDB Streams event source mapping against a stream of several shards whose shards roll over:
 * every shard is read, a child only after its parent was read to its end, every record delivered once.
 */
class DynamoDbStreamShardsEventSourceTest {
    private static final String TABLE = "subjects";
    private static final int SHARDS = 4;

    DynamoDbEmulator dynamo;
    DynamoDbClient client;
    DynamoDbStreamsClient streams;
    String streamArn;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() {
        dynamo = DynamoDbEmulator.builder().streamShards(SHARDS).start();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"));
        client = DynamoDbClient.builder().endpointOverride(dynamo.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        streams = DynamoDbStreamsClient.builder().endpointOverride(dynamo.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        streamArn = client.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                        .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE)))
                .tableDescription().latestStreamArn();
    }

    @AfterEach
    void stop() {
        client.close();
        streams.close();
        dynamo.close();
    }

    private void put(String pk, int version) {
        client.putItem(b -> b.tableName(TABLE).item(Map.of("pk", AttributeValue.fromS(pk), "v", AttributeValue.fromN(Integer.toString(version)))));
    }

    private static List<String> subjects(int count) {
        return IntStream.range(0, count).mapToObj(i -> "subject-" + i).toList();
    }

    private LambdaRuntime runtime(FunctionSpec f, EventSourceMappingSpec mapping, Map<String, String> extraEndpoints) {
        Map<String, String> endpoints = new HashMap<>(dynamo.endpoints());
        endpoints.putAll(extraEndpoints);
        return LambdaRuntime.builder(Functions.deployment(List.of(f), List.of(mapping), List.of(), List.of()))
                .endpoints(endpoints).faults(FaultPlan.none())
                .settings(RuntimeSettings.defaults().withAllDelays(Duration.ofMillis(20))
                        .withLog(new PrintStream(OutputStream.nullOutputStream())))
                .start();
    }

    private EventSourceMappingSpec mapping(int batchSize, OptionalInt maxRetries, Optional<String> onFailure) {
        return streamMapping("m", "reader", streamArn, SourceKind.DYNAMODB_STREAMS, batchSize, false, List.of(), false,
                maxRetries, onFailure);
    }

    /** One delivered record: {@code rec|pk|v|sequenceNumber}. */
    private record Delivery(String pk, int version, String sequenceNumber) {}

    private List<Delivery> deliveries() {
        return OutputFiles.linesStartingWith(tmp, "reader", "rec|").stream().map(l -> l.split("\\|"))
                .map(p -> new Delivery(p[1], Integer.parseInt(p[2]), p[3])).toList();
    }

    /** Every shard of the stream with the sequence numbers it holds, read with the Streams API. */
    private Map<Shard, List<String>> sequencesByShard() {
        Map<Shard, List<String>> out = new HashMap<>();
        List<Shard> listed = new ArrayList<>();
        String last = null;
        do {
            String start = last;
            var description = streams.describeStream(b -> b.streamArn(streamArn).exclusiveStartShardId(start)).streamDescription();
            listed.addAll(description.shards());
            last = description.lastEvaluatedShardId();
        } while (last != null);
        for (Shard shard : listed) {
            List<String> sequences = new ArrayList<>();
            String it = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (it != null) {
                String current = it;
                var page = streams.getRecords(b -> b.shardIterator(current));
                page.records().forEach(r -> sequences.add(r.dynamodb().sequenceNumber()));
                it = page.records().isEmpty() ? null : page.nextShardIterator();
            }
            out.put(shard, sequences);
        }
        return out;
    }

    /** For every parent and child both holding records: the child's first delivery comes after the parent's last. */
    private void assertChildrenDeliveredAfterTheirParents(List<Delivery> delivered) {
        Map<String, Integer> positionOf = new HashMap<>();
        for (int i = 0; i < delivered.size(); i++) positionOf.put(delivered.get(i).sequenceNumber(), i);
        Map<Shard, List<String>> shards = sequencesByShard();
        Map<String, List<String>> byId = new HashMap<>();
        shards.forEach((shard, sequences) -> byId.put(shard.shardId(), sequences));
        int pairs = 0;
        for (var e : shards.entrySet()) {
            List<String> child = e.getValue();
            List<String> parent = Optional.ofNullable(e.getKey().parentShardId()).map(byId::get).orElse(List.of());
            if (child.isEmpty() || parent.isEmpty()) continue;
            pairs++;
            int lastOfParent = parent.stream().mapToInt(positionOf::get).max().orElseThrow();
            int firstOfChild = child.stream().mapToInt(positionOf::get).min().orElseThrow();
            assertThat(firstOfChild).as("shard %s is delivered after its parent %s", e.getKey().shardId(), e.getKey().parentShardId())
                    .isGreaterThan(lastOfParent);
        }
        assertThat(pairs).as("parent and child shards that both hold records").isPositive();
    }

    @Test
    void aChildShardsRecordsAreDeliveredOnlyAfterEveryRecordOfItsParent() {
        // A backlog across three generations before the mapping starts: every shard is readable at once,
        // so only lineage keeps a child from being read before its parent.
        List<String> subjects = subjects(8);
        int version = 0;
        for (int generation = 0; generation < 3; generation++) {
            for (int i = 0; i < 5; i++, version++) {
                for (String s : subjects) put(s, version);
            }
            if (generation < 2) dynamo.rollStreamShards(TABLE);
        }
        int expected = subjects.size() * version;
        FunctionSpec f = function("reader", "DynamoVersionRecorder", FunctionAssets.directory(tmp, false), env(tmp));
        try (LambdaRuntime runtime = runtime(f, mapping(3, OptionalInt.empty(), Optional.empty()), Map.of());
             MappingPollers mappings = MappingPollers.start(runtime, Optional.empty())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> deliveries().size() >= expected);
        }
        List<Delivery> delivered = deliveries();
        assertThat(delivered).hasSize(expected);
        int versions = version;
        for (String s : subjects) {
            assertThat(delivered).filteredOn(d -> d.pk().equals(s)).extracting(Delivery::version)
                    .as("the changes of %s in the order they were made", s)
                    .containsExactlyElementsOf(IntStream.range(0, versions).boxed().toList());
        }
        assertChildrenDeliveredAfterTheirParents(delivered);
    }

    @Test
    void everyRecordIsDeliveredExactlyOnceAcrossRolloversWhileWritesContinue() {
        List<String> subjects = subjects(8);
        int versions = 40;
        FunctionSpec f = function("reader", "DynamoVersionRecorder", FunctionAssets.directory(tmp, false), env(tmp));
        List<ShardRollover> rollovers = new ArrayList<>();
        try (LambdaRuntime runtime = runtime(f, mapping(5, OptionalInt.empty(), Optional.empty()), Map.of());
             MappingPollers mappings = MappingPollers.start(runtime, Optional.empty())) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                for (int v = 0; v < versions; v++) {
                    for (String s : subjects) put(s, v);
                    if (v % 10 == 9) rollovers.add(dynamo.rollStreamShards(TABLE));
                }
            });
            writer.join();
            await().atMost(Duration.ofSeconds(60)).until(() -> deliveries().size() >= subjects.size() * versions);
        }
        List<Delivery> delivered = deliveries();
        assertThat(rollovers).hasSize(4).allSatisfy(r -> assertThat(r.openedShardIds()).hasSize(SHARDS));
        assertThat(delivered).extracting(Delivery::sequenceNumber).as("no record twice").doesNotHaveDuplicates();
        assertThat(delivered).hasSize(subjects.size() * versions);
        for (String s : subjects) {
            assertThat(delivered).filteredOn(d -> d.pk().equals(s)).extracting(Delivery::version)
                    .containsExactlyElementsOf(IntStream.range(0, versions).boxed().toList());
        }
        assertChildrenDeliveredAfterTheirParents(delivered);
    }

    @Test
    void aFailureRecordNamesTheShardThePoisonRecordIsOn() throws Exception {
        try (SqsService sqsService = SqsService.start();
             SqsClient sqs = SqsClient.builder().endpointOverride(sqsService.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                     .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            String queueUrl = sqs.createQueue(b -> b.queueName("stream-failures")).queueUrl();
            String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            List<String> subjects = subjects(8);
            for (String s : subjects) put(s, 0);
            dynamo.rollStreamShards(TABLE);
            client.putItem(b -> b.tableName(TABLE).item(Map.of("pk", AttributeValue.fromS("poisoned"),
                    "v", AttributeValue.fromN("1"), "poison", AttributeValue.fromBool(true))));
            for (String s : subjects) put(s, 1);
            FunctionSpec f = function("reader", "DynamoVersionRecorder", FunctionAssets.directory(tmp, false), env(tmp));
            try (LambdaRuntime runtime = runtime(f, mapping(1, OptionalInt.of(0), Optional.of(queueArn)), sqsService.endpoints());
             MappingPollers mappings = MappingPollers.start(runtime, Optional.empty())) {
                await().atMost(Duration.ofSeconds(30)).until(() -> deliveries().size() >= subjects.size() * 2);
                List<software.amazon.awssdk.services.sqs.model.Message> messages = new ArrayList<>();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    messages.addAll(sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1)).messages());
                    return !messages.isEmpty();
                });
                JsonNode info = Json.MAPPER.readTree(messages.getFirst().body()).get("DDBStreamBatchInfo");
                String sequence = info.get("startSequenceNumber").asText();
                String holder = sequencesByShard().entrySet().stream().filter(e -> e.getValue().contains(sequence))
                        .map(e -> e.getKey().shardId()).findFirst().orElseThrow();
                assertThat(info.get("shardId").asText()).isEqualTo(holder);
                assertThat(info.get("endSequenceNumber").asText()).isEqualTo(sequence);
                assertThat(info.get("batchSize").asInt()).isEqualTo(1);
                assertThat(info.get("streamArn").asText()).isEqualTo(streamArn);
                assertThat(new HashSet<>(deliveries().stream().map(Delivery::pk).toList())).containsExactlyInAnyOrderElementsOf(subjects);
            }
        }
    }
}
