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
import dev.ferry.local.faults.FaultPlan;
import dev.ferry.local.kinesis.KinesisService;
import dev.ferry.local.lambda.Json;
import dev.ferry.local.lambda.LambdaRuntime;
import dev.ferry.local.lambda.RuntimeSettings;
import dev.ferry.local.lambda.testing.FunctionAssets;
import dev.ferry.local.lambda.testing.Functions;
import dev.ferry.local.lambda.testing.OutputFiles;
import dev.ferry.local.sqs.SqsService;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
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
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class KinesisEventSourceTest {
    static KinesisService kinesisService;
    static SqsService sqsService;
    static KinesisClient kinesis;
    static SqsClient sqs;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        kinesisService = KinesisService.start();
        sqsService = SqsService.start();
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"));
        kinesis = KinesisClient.builder().endpointOverride(kinesisService.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(creds).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        sqs = SqsClient.builder().endpointOverride(sqsService.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(creds).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterAll
    static void stop() {
        kinesis.close();
        sqs.close();
        kinesisService.close();
        sqsService.close();
    }

    static String stream(int shards) {
        String name = "events-" + UUID.randomUUID().toString().substring(0, 8);
        kinesis.createStream(b -> b.streamName(name).shardCount(shards));
        kinesis.waiter().waitUntilStreamExists(DescribeStreamRequest.builder().streamName(name).build(),
                WaiterOverrideConfiguration.builder().backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(100)))
                        .waitTimeout(Duration.ofSeconds(30)).build());
        return name;
    }

    static void put(String stream, String data, String partitionKey, Optional<BigInteger> hashKey) {
        kinesis.putRecord(b -> {
            b.streamName(stream).partitionKey(partitionKey).data(SdkBytes.fromUtf8String(data));
            hashKey.ifPresent(h -> b.explicitHashKey(h.toString()));
        });
    }

    record Queue(String url, String arn) {}

    static Queue queue() {
        String url = sqs.createQueue(b -> b.queueName("failures-" + UUID.randomUUID().toString().substring(0, 8))).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return new Queue(url, arn);
    }

    private LambdaRuntime start(FunctionSpec f, EventSourceMappingSpec m) {
        Map<String, String> endpoints = new HashMap<>(kinesisService.endpoints());
        endpoints.putAll(sqsService.endpoints());
        return LambdaRuntime.builder(Functions.deployment(List.of(f), List.of(m), List.of(), List.of()))
                .endpoints(endpoints).faults(FaultPlan.none())
                .settings(RuntimeSettings.defaults().withAllDelays(Duration.ofMillis(50))
                        .withLog(new PrintStream(OutputStream.nullOutputStream())))
                .start();
    }

    @Test
    void everyShardOfAStreamIsPolledInOrder() {
        String s = stream(2);
        BigInteger upperHalf = BigInteger.ONE.shiftLeft(127);
        for (int i = 1; i <= 10; i++) {
            put(s, "low-" + i, "k", Optional.of(BigInteger.ONE));
            put(s, "high-" + i, "k", Optional.of(upperHalf));
        }
        FunctionSpec f = function("audit", "KinesisRecorder", FunctionAssets.directory(tmp, false), env(tmp));
        try (LambdaRuntime runtime = start(f, streamMapping("m", "audit", kinesisService.streamArn(s), SourceKind.KINESIS,
                4, false, List.of(), false, OptionalInt.empty(), Optional.empty()));
             MappingPollers mappings = MappingPollers.start(runtime, Optional.empty())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> OutputFiles.linesStartingWith(tmp, "audit", "rec|").size() == 20);
        }
        List<String[]> recs = OutputFiles.linesStartingWith(tmp, "audit", "rec|").stream().map(l -> l.split("\\|")).toList();
        assertThat(recs.stream().map(r -> r[1]).distinct()).hasSize(2);
        for (String prefix : List.of("low-", "high-")) {
            List<String[]> ofShard = recs.stream().filter(r -> r[2].startsWith(prefix)).toList();
            assertThat(ofShard.stream().map(r -> r[1]).distinct()).hasSize(1);
            assertThat(ofShard.stream().map(r -> r[2]).toList()).containsExactly(
                    java.util.stream.IntStream.rangeClosed(1, 10).mapToObj(i -> prefix + i).toArray(String[]::new));
        }
        assertThat(recs.getFirst()[4]).isEqualTo("aws:kinesis");
        assertThat(recs.getFirst()[5]).isEqualTo("aws:kinesis:record");
        assertThat(recs.getFirst()[6]).isEqualTo("true");
    }

    @Test
    void aFailingRecordIsBisectedRetriedSentToTheOnFailureDestinationAndTheShardMovesOn() throws Exception {
        String s = stream(1);
        Queue failures = queue();
        for (String d : List.of("e1", "e2", "e3", "e4", "e5-bad", "e6", "e7", "e8")) {
            put(s, d, "acct-1", Optional.empty());
        }
        FunctionSpec f = function("analytics", "KinesisRecorder", FunctionAssets.directory(tmp, false), env(tmp, "THROW_MARKER", "bad"));
        String streamArn = kinesisService.streamArn(s);
        try (LambdaRuntime runtime = start(f, streamMapping("m", "analytics", streamArn, SourceKind.KINESIS, 8, false,
                List.of(), true, OptionalInt.of(2), Optional.of(failures.arn())));
             MappingPollers mappings = MappingPollers.start(runtime, Optional.empty())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> OutputFiles.linesStartingWith(tmp, "analytics", "rec|").size() == 7);
            put(s, "e9-after", "acct-1", Optional.empty());
            await().atMost(Duration.ofSeconds(10)).until(() -> OutputFiles.linesStartingWith(tmp, "analytics", "rec|").size() == 8);
        }
        List<String> batches = OutputFiles.linesStartingWith(tmp, "analytics", "batch|");
        assertThat(batches).startsWith("batch|e1,e2,e3,e4,e5-bad,e6,e7,e8", "batch|e1,e2,e3,e4", "batch|e5-bad,e6,e7,e8",
                "batch|e5-bad,e6", "batch|e5-bad", "batch|e5-bad", "batch|e5-bad", "batch|e6", "batch|e7,e8");
        assertThat(OutputFiles.linesStartingWith(tmp, "analytics", "rec|").stream().map(l -> l.split("\\|")[2]))
                .containsExactly("e1", "e2", "e3", "e4", "e6", "e7", "e8", "e9-after");

        var messages = sqs.receiveMessage(b -> b.queueUrl(failures.url()).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
        assertThat(messages).hasSize(1);
        JsonNode record = Json.MAPPER.readTree(messages.getFirst().body());
        assertThat(record.get("version").asText()).isEqualTo("1.0");
        assertThat(record.get("timestamp").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        assertThat(record.at("/requestContext/condition").asText()).isEqualTo("RetryAttemptsExhausted");
        assertThat(record.at("/requestContext/functionArn").asText()).isEqualTo(Functions.arn("analytics"));
        assertThat(record.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(3);
        assertThat(record.at("/requestContext/requestId").asText()).hasSize(36);
        assertThat(record.at("/responseContext/statusCode").asInt()).isEqualTo(200);
        assertThat(record.at("/responseContext/executedVersion").asText()).isEqualTo("$LATEST");
        assertThat(record.at("/responseContext/functionError").asText()).isEqualTo("Unhandled");
        JsonNode info = record.get("KinesisBatchInfo");
        assertThat(info.get("shardId").asText()).startsWith("shardId-");
        assertThat(info.get("batchSize").asInt()).isEqualTo(1);
        assertThat(info.get("startSequenceNumber").asText()).isEqualTo(info.get("endSequenceNumber").asText());
        assertThat(info.get("streamArn").asText()).isEqualTo(streamArn);
        assertThat(info.get("approximateArrivalOfFirstRecord").asText()).endsWith("Z");
        assertThat(info.get("approximateArrivalOfLastRecord").asText()).endsWith("Z");
        String badSequence = kinesis.getRecords(b -> b.shardIterator(kinesis.getShardIterator(i -> i.streamName(s)
                        .shardId(info.get("shardId").asText()).shardIteratorType("AT_SEQUENCE_NUMBER")
                        .startingSequenceNumber(info.get("startSequenceNumber").asText())).shardIterator()).limit(1))
                .records().getFirst().data().asUtf8String();
        assertThat(badSequence).isEqualTo("e5-bad");
    }

    @Test
    void aPartialBatchResponseCheckpointsAtTheFirstFailureAndRetriesFromThere() {
        String s = stream(1);
        for (String d : List.of("a1", "a2", "flaky-3", "a4", "a5")) {
            put(s, d, "acct-2", Optional.empty());
        }
        FunctionSpec f = function("relay", "KinesisRecorder", FunctionAssets.directory(tmp, false), env(tmp, "FAIL_ONCE_MARKER", "flaky"));
        try (LambdaRuntime runtime = start(f, streamMapping("m", "relay", kinesisService.streamArn(s), SourceKind.KINESIS, 10,
                true, List.of(), false, OptionalInt.of(3), Optional.empty()));
             MappingPollers mappings = MappingPollers.start(runtime, Optional.empty())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> OutputFiles.linesStartingWith(tmp, "relay", "rec|").size() == 5);
        }
        assertThat(OutputFiles.linesStartingWith(tmp, "relay", "batch|"))
                .containsExactly("batch|a1,a2,flaky-3,a4,a5", "batch|flaky-3,a4,a5");
        assertThat(OutputFiles.linesStartingWith(tmp, "relay", "rec|").stream().map(l -> l.split("\\|")[2]))
                .containsExactly("a1", "a2", "flaky-3", "a4", "a5");
    }
}
