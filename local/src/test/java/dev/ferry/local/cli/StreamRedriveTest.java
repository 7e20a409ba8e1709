package dev.ferry.local.cli;

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
import dev.ferry.local.eventsource.MappingPollers;
import dev.ferry.local.faults.FaultPlan;
import dev.ferry.local.kinesis.KinesisService;
import dev.ferry.local.lambda.Json;
import dev.ferry.local.lambda.LambdaRuntime;
import dev.ferry.local.lambda.RuntimeSettings;
import dev.ferry.local.lambda.testing.FunctionAssets;
import dev.ferry.local.lambda.testing.Functions;
import dev.ferry.local.lambda.testing.OutputFiles;
import dev.ferry.local.sqs.SqsService;
import dev.ferry.local.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code ferry dlq redrive} of a stream mappings' on-failure queue, against a runtime whose mapping really gave
 * up on a range: Kinesis (kinesis-mock) and DynamoDB Streams (Ferry's emulator), the records read back from the
 * stream, the function invoked through the runtime's Lambda API, and the failure record deleted only when the
 * whole range was processed.
 */
class StreamRedriveTest {
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"));
    private static KinesisService kinesisService;
    private static SqsService sqsService;
    private static DynamoDbEmulator dynamoService;
    private static KinesisClient kinesis;
    private static SqsClient sqs;
    private static DynamoDbClient dynamodb;

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void startServices() {
        kinesisService = KinesisService.start();
        sqsService = SqsService.start();
        dynamoService = DynamoDbEmulator.start();
        kinesis = KinesisClient.builder().endpointOverride(kinesisService.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        sqs = SqsClient.builder().endpointOverride(sqsService.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        dynamodb = dynamoClient(dynamoService);
    }

    @AfterAll
    static void stopServices() {
        kinesis.close();
        sqs.close();
        dynamodb.close();
        kinesisService.close();
        sqsService.close();
        dynamoService.close();
    }

    private static DynamoDbClient dynamoClient(DynamoDbEmulator emulator) {
        return DynamoDbClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    private record Queue(String name, String url, String arn) {}

    private static Queue queue() {
        String name = "stream-failures-" + UUID.randomUUID().toString().substring(0, 8);
        String url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return new Queue(name, url, arn);
    }

    /** Messages on the queue, visible or not. */
    private static long depth(Queue q) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(q.url()).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static long visible(Queue q) {
        return Long.parseLong(sqs.getQueueAttributes(b -> b.queueUrl(q.url()).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    private static String kinesisStream(List<String> records) {
        String name = "events-" + UUID.randomUUID().toString().substring(0, 8);
        kinesis.createStream(b -> b.streamName(name).shardCount(1));
        kinesis.waiter().waitUntilStreamExists(DescribeStreamRequest.builder().streamName(name).build(),
                WaiterOverrideConfiguration.builder().backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(100)))
                        .waitTimeout(Duration.ofSeconds(30)).build());
        records.forEach(r -> putKinesis(name, r));
        return name;
    }

    private static void putKinesis(String stream, String data) {
        kinesis.putRecord(b -> b.streamName(stream).partitionKey("acct-1").data(SdkBytes.fromUtf8String(data)));
    }

    private static String tableWithStream(DynamoDbClient client, String table) {
        return client.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)))
                .tableDescription().latestStreamArn();
    }

    private static void putItem(DynamoDbClient client, String table, String pk, String status) {
        client.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS(pk), "status", AttributeValue.fromS(status))));
    }

    private LambdaRuntime runtime(FunctionSpec f, EventSourceMappingSpec m, Map<String, String> dataPlane) {
        return LambdaRuntime.builder(Functions.deployment(List.of(f), List.of(m), List.of(), List.of()))
                .endpoints(dataPlane).faults(FaultPlan.none())
                .settings(RuntimeSettings.defaults().withAllDelays(Duration.ofMillis(50))
                        .withLog(new PrintStream(OutputStream.nullOutputStream())))
                .start();
    }

    private static Map<String, String> dataPlane(DynamoDbEmulator dynamo) {
        Map<String, String> env = new LinkedHashMap<>(dynamo.endpoints());
        env.putAll(sqsService.endpoints());
        env.putAll(kinesisService.endpoints());
        return env;
    }

    /** What a running {@code up} would publish: the data plane, the runtime's Lambda API and the on-failure queue. */
    private void upState(LambdaRuntime runtime, Map<String, String> dataPlane, Queue failures) {
        Map<String, String> env = new LinkedHashMap<>(dataPlane);
        env.put("AWS_ENDPOINT_URL_LAMBDA", runtime.lambdaEndpoint().toString());
        env.put("AWS_REGION", "us-east-1");
        new UpState(Optional.empty(), env, Map.of(UpCommand.ON_FAILURE_QUEUES, List.of(failures.name())),
                ProcessHandle.current().pid(), Instant.now()).write(UpState.file(tmp));
    }

    private int ferry(String... args) {
        out.reset();
        err.reset();
        return new FerryCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new CountDownLatch(1), tmp, Map.of()).run(args);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    /** The events the consumer was invoked with whose line starts with {@code outcome} ({@code ok}, {@code failed}, {@code partial}). */
    private List<JsonNode> events(String function, String outcome) {
        return OutputFiles.linesStartingWith(tmp, function, outcome + "|").stream().map(l -> {
            try {
                return Json.MAPPER.readTree(l.substring(outcome.length() + 1));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    private static List<String> kinesisData(JsonNode event) {
        return java.util.stream.StreamSupport.stream(event.get("Records").spliterator(), false)
                .map(r -> new String(java.util.Base64.getDecoder().decode(r.at("/kinesis/data").asText()), StandardCharsets.UTF_8)).toList();
    }

    private void breakConsumer(String function, String how) throws IOException {
        Files.createFile(tmp.resolve(function + "." + how));
    }

    private void mendConsumer(String function, String how) throws IOException {
        Files.delete(tmp.resolve(function + "." + how));
    }

    @Test
    void aKinesisRangeTheMappingGaveUpOnIsRedrivenExactlyAsDeliveredAndItsFailureRecordIsDeleted() throws Exception {
        String stream = kinesisStream(List.of("a1", "a2", "a3"));
        String streamArn = kinesisService.streamArn(stream);
        Queue failures = queue();
        breakConsumer("analytics", "broken");
        FunctionSpec f = function("analytics", "MendableStreamConsumer", FunctionAssets.directory(tmp, false), env(tmp));
        Map<String, String> dataPlane = dataPlane(dynamoService);
        try (LambdaRuntime runtime = runtime(f, streamMapping("m", "analytics", streamArn, SourceKind.KINESIS, 10, true, List.of(),
                false, OptionalInt.of(1), Optional.of(failures.arn())), dataPlane);
             MappingPollers mappings = MappingPollers.start(runtime, Optional.empty())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> depth(failures) == 1);
            mendConsumer("analytics", "broken");
            putKinesis(stream, "b1");
            await().atMost(Duration.ofSeconds(20)).until(() -> events("analytics", "ok").size() == 1);
            upState(runtime, dataPlane, failures);

            assertThat(ferry("dlq", "redrive", failures.name())).as(output()).isZero();
        }
        assertThat(output()).contains("redriving the stream failure records of " + failures.name())
                .contains(stream + " shard shardId-000000000000, sequence ")
                .contains("analytics (gave up: RetryAttemptsExhausted)")
                .contains("3 found in the stream, 3 sent to the function (the failure record names 3)")
                .contains("REDRIVEN: processed in request ")
                .contains("redrive of " + failures.name() + ": 1 of 1 failure record(s) redriven and deleted");
        assertThat(depth(failures)).isZero();
        List<JsonNode> failed = events("analytics", "failed");
        List<JsonNode> ok = events("analytics", "ok");
        assertThat(kinesisData(ok.get(0))).containsExactly("b1");
        assertThat(ok).hasSize(2);
        assertThat(kinesisData(ok.get(1))).containsExactly("a1", "a2", "a3");
        assertThat(ok.get(1)).as("the event the mapping delivered, record for record").isEqualTo(failed.getLast());
    }

    @Test
    void aDynamoDbStreamRangeIsRedrivenThroughTheMappingsFiltersAsItsPollerDeliveredIt() throws Exception {
        String table = "orders-" + UUID.randomUUID().toString().substring(0, 8);
        String streamArn = tableWithStream(dynamodb, table);
        // One item, so one shard of the stream's several: created, changed, deleted, created again.
        putItem(dynamodb, table, "o-1", "PENDING");
        putItem(dynamodb, table, "o-1", "CONFIRMED");
        dynamodb.deleteItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("o-1"))));
        putItem(dynamodb, table, "o-1", "PENDING");
        Queue failures = queue();
        breakConsumer("relay", "broken");
        FunctionSpec f = function("relay", "MendableStreamConsumer", FunctionAssets.directory(tmp, false), env(tmp));
        Map<String, String> dataPlane = dataPlane(dynamoService);
        try (LambdaRuntime runtime = runtime(f, streamMapping("m", "relay", streamArn, SourceKind.DYNAMODB_STREAMS, 10, true,
                List.of("{\"eventName\":[\"INSERT\"]}"), false, OptionalInt.of(0), Optional.of(failures.arn())), dataPlane);
             MappingPollers mappings = MappingPollers.start(runtime, Optional.empty())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> depth(failures) == 1);
            mendConsumer("relay", "broken");
            upState(runtime, dataPlane, failures);

            assertThat(ferry("dlq", "redrive", failures.name())).as(output()).isZero();
        }
        assertThat(output()).contains(table + "/stream shard ")
                .contains("4 found in the stream, 2 sent to the function (2 held back by the mapping's filters) (the failure record names 2)")
                .contains("REDRIVEN");
        assertThat(depth(failures)).isZero();
        JsonNode redriven = events("relay", "ok").getFirst();
        assertThat(redriven).isEqualTo(events("relay", "failed").getLast());
        assertThat(redriven.get("Records")).extracting(r -> r.get("eventName").asText() + " " + r.at("/dynamodb/Keys/pk/S").asText())
                .containsExactly("INSERT o-1", "INSERT o-1");
    }

    @Test
    void aPartialBatchResponseKeepsTheFailureRecordUntilARedriveProcessesTheWholeRange() throws Exception {
        String stream = kinesisStream(List.of("p1", "p2"));
        Queue failures = queue();
        breakConsumer("audit", "broken");
        FunctionSpec f = function("audit", "MendableStreamConsumer", FunctionAssets.directory(tmp, false), env(tmp));
        Map<String, String> dataPlane = dataPlane(dynamoService);
        try (LambdaRuntime runtime = runtime(f, streamMapping("m", "audit", kinesisService.streamArn(stream), SourceKind.KINESIS, 10,
                true, List.of(), false, OptionalInt.of(0), Optional.of(failures.arn())), dataPlane);
             MappingPollers mappings = MappingPollers.start(runtime, Optional.empty())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> depth(failures) == 1);
            mendConsumer("audit", "broken");
            breakConsumer("audit", "partial");
            upState(runtime, dataPlane, failures);

            assertThat(ferry("dlq", "redrive", failures.name())).as(output()).isEqualTo(1);
            assertThat(output()).contains("FAILED: in request ").contains("reported 1 of 2 record(s) as failed")
                    .contains("the failure record stays on the queue")
                    .contains("0 of 1 failure record(s) redriven and deleted, 1 kept (1 failed again)");
            assertThat(visible(failures)).as("given back to the queue at once").isEqualTo(1);

            mendConsumer("audit", "partial");
            assertThat(ferry("dlq", "redrive", failures.name())).as(output()).isZero();
        }
        assertThat(output()).contains("REDRIVEN");
        assertThat(depth(failures)).isZero();
        assertThat(kinesisData(events("audit", "partial").getFirst())).containsExactly("p1", "p2");
        assertThat(kinesisData(events("audit", "ok").getFirst())).containsExactly("p1", "p2");
    }

    @Test
    void aRangeTheStreamHasTrimmedIsReportedAndItsFailureRecordKept() throws Exception {
        // Shards that never roll over: the records age out of an open shard
        String output = redriveAfter(Duration.ofHours(25), DynamoDbEmulator.builder().streamShardRollover(Duration.ofDays(3650)));

        assertThat(output).contains("none: the stream no longer has them (the failure record names 2)")
                .contains("TRIMMED: ").contains("TrimmedDataAccessException")
                .contains("the failure record stays on the queue as the only trace of the lost records")
                .contains("NOT REDRIVEN: the message has no KinesisBatchInfo or DDBStreamBatchInfo")
                .contains("0 of 2 failure record(s) redriven and deleted, 2 kept (1 trimmed, 1 not redriven)");
    }

    @Test
    void aShardThatRetentionRemovedAfterItClosedIsReportedAsTrimmed() throws Exception {
        // Shards roll over every 4 hours (the emulator's default): a day later the record's shard is closed and gone
        String output = redriveAfter(Duration.ofHours(30), DynamoDbEmulator.builder());

        assertThat(output).contains("TRIMMED: ").contains("no longer exists (ResourceNotFoundException")
                .contains("0 of 2 failure record(s) redriven and deleted, 2 kept (1 trimmed, 1 not redriven)");
    }

    /**
     * Writes an item twice, puts a failure record naming its two stream records (and a message that is no failure
     * record) on a queue, lets {@code age} pass on the emulator's clock, then redrives the queue: nothing may go.
     */
    private String redriveAfter(Duration age, DynamoDbEmulator.Builder emulator) throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (DynamoDbEmulator dynamo = emulator.clock(clock).ttlSweepInterval(Duration.ofHours(1)).start();
             DynamoDbClient client = dynamoClient(dynamo);
             DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder().endpointOverride(dynamo.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            String streamArn = tableWithStream(client, "ledger");
            putItem(client, "ledger", "x-1", "NEW");
            putItem(client, "ledger", "x-1", "DONE");
            // The item's shard among the stream's several, and its two records there
            String shard = null;
            List<String> sequences = List.of();
            for (var candidate : streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards()) {
                List<String> found = streams.getRecords(b -> b.shardIterator(streams.getShardIterator(i -> i.streamArn(streamArn)
                        .shardId(candidate.shardId()).shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator())).records()
                        .stream().map(r -> r.dynamodb().sequenceNumber()).toList();
                if (!found.isEmpty()) {
                    shard = candidate.shardId();
                    sequences = found;
                }
            }
            assertThat(sequences).hasSize(2);
            String itemShard = shard;
            List<String> itemSequences = sequences;
            Queue failures = queue();
            sqs.sendMessage(b -> b.queueUrl(failures.url()).messageBody("""
                    {"requestContext":{"requestId":"r-1","functionArn":"%s","condition":"RetryAttemptsExhausted","approximateInvokeCount":1},
                     "responseContext":{"statusCode":200,"executedVersion":"$LATEST","functionError":"Unhandled"},
                     "version":"1.0","timestamp":"2026-11-30T10:00:00.000Z",
                     "DDBStreamBatchInfo":{"shardId":"%s","startSequenceNumber":"%s","endSequenceNumber":"%s","batchSize":2,"streamArn":"%s"}}"""
                    .formatted(Functions.arn("ledger-relay"), itemShard, itemSequences.getFirst(), itemSequences.getLast(), streamArn)));
            sqs.sendMessage(b -> b.queueUrl(failures.url()).messageBody("{\"not\":\"a failure record\"}"));
            clock.advance(age);
            FunctionSpec f = function("ledger-relay", "MendableStreamConsumer", FunctionAssets.directory(tmp, false), env(tmp));
            Map<String, String> dataPlane = dataPlane(dynamo);
            try (LambdaRuntime runtime = runtime(f, streamMapping("m", "ledger-relay", streamArn, SourceKind.DYNAMODB_STREAMS, 10, true,
                    List.of(), false, OptionalInt.of(0), Optional.of(failures.arn())), dataPlane)) {
                upState(runtime, dataPlane, failures);

                assertThat(ferry("dlq", "redrive", failures.name())).as(output()).isEqualTo(1);
            }
            assertThat(output()).contains("ledger/stream shard " + shard + ", sequence " + sequences.getFirst() + " .. " + sequences.getLast());
            assertThat(visible(failures)).as("both messages are back on the queue").isEqualTo(2);
            assertThat(OutputFiles.lines(tmp, "ledger-relay")).as("the function never ran").isEmpty();
            return output();
        }
    }
}
