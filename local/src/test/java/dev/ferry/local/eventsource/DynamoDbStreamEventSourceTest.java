package dev.ferry.local.eventsource;

import static dev.ferry.local.lambda.testing.Functions.env;
import static dev.ferry.local.lambda.testing.Functions.function;
import static dev.ferry.local.lambda.testing.Functions.streamMapping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.local.deployment.EventSourceMappingSpec.SourceKind;
import dev.ferry.local.deployment.FunctionSpec;
import dev.ferry.local.dynamodb.DynamoDbEmulator;
import dev.ferry.local.faults.FaultPlan;
import dev.ferry.local.lambda.LambdaRuntime;
import dev.ferry.local.lambda.RuntimeSettings;
import dev.ferry.local.lambda.testing.FunctionAssets;
import dev.ferry.local.lambda.testing.Functions;
import dev.ferry.local.lambda.testing.OutputFiles;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
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
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

class DynamoDbStreamEventSourceTest {
    DynamoDbEmulator dynamo;
    DynamoDbClient client;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() {
        dynamo = DynamoDbEmulator.start();
        client = DynamoDbClient.builder().endpointOverride(dynamo.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterEach
    void stop() {
        client.close();
        dynamo.close();
    }

    private String tableWithStream() {
        return client.createTable(b -> b.tableName("orders").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)))
                .tableDescription().latestStreamArn();
    }

    private void put(String pk, String status) {
        client.putItem(b -> b.tableName("orders").item(Map.of("pk", AttributeValue.fromS(pk), "status", AttributeValue.fromS(status))));
    }

    @Test
    void onlyRecordsMatchingTheFilterCriteriaReachTheFunction() {
        String streamArn = tableWithStream();
        put("o-1", "PENDING");
        put("o-2", "CONFIRMED");
        put("o-1", "CONFIRMED");
        put("o-3", "PENDING");
        client.deleteItem(b -> b.tableName("orders").key(Map.of("pk", AttributeValue.fromS("o-3"))));
        String insertsOfPending = "{\"eventName\":[\"INSERT\"],\"dynamodb\":{\"NewImage\":{\"status\":{\"S\":[\"PENDING\"]}}}}";
        String removals = "{\"eventName\":[\"REMOVE\"]}";
        FunctionSpec f = function("outbox-relay", "DynamoRecorder", FunctionAssets.directory(tmp, false), env(tmp));
        try (LambdaRuntime runtime = LambdaRuntime.builder(Functions.deployment(List.of(f),
                        List.of(streamMapping("m", "outbox-relay", streamArn, SourceKind.DYNAMODB_STREAMS, 10, false,
                                List.of(insertsOfPending, removals), false, OptionalInt.empty(), Optional.empty())),
                        List.of(), List.of()))
                .endpoints(dynamo.endpoints()).faults(FaultPlan.none())
                .settings(RuntimeSettings.defaults().withAllDelays(Duration.ofMillis(50))
                        .withLog(new PrintStream(OutputStream.nullOutputStream())))
                .start();
             MappingPollers mappings = MappingPollers.start(runtime, Optional.empty())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> OutputFiles.lines(tmp, "outbox-relay").size() == 3);
            await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> mappings.stats().getFirst().filteredOut() == 2);
        }
        List<String> delivered = OutputFiles.lines(tmp, "outbox-relay");
        assertThat(delivered).containsExactlyInAnyOrder(
                "INSERT|o-1|PENDING|NEW_AND_OLD_IMAGES|aws:dynamodb|true",
                "INSERT|o-3|PENDING|NEW_AND_OLD_IMAGES|aws:dynamodb|true",
                "REMOVE|o-3|-|NEW_AND_OLD_IMAGES|aws:dynamodb|true");
        // o-1 and o-3 may sit on different shards; the changes of one item arrive in the order they were made.
        assertThat(delivered.indexOf("INSERT|o-3|PENDING|NEW_AND_OLD_IMAGES|aws:dynamodb|true"))
                .isLessThan(delivered.indexOf("REMOVE|o-3|-|NEW_AND_OLD_IMAGES|aws:dynamodb|true"));
    }

    @Test
    void withAParallelizationFactorEachItemsChangesStillArriveInTheOrderTheyWereMade() {
        String streamArn = tableWithStream();
        int items = 16;
        int versions = 5;
        for (int v = 1; v <= versions; v++) {
            for (int i = 1; i <= items; i++) {
                int version = v;
                String pk = "o-" + i;
                client.putItem(b -> b.tableName("orders").item(Map.of("pk", AttributeValue.fromS(pk),
                        "v", AttributeValue.fromN(Integer.toString(version)))));
            }
        }
        FunctionSpec f = function("relay", "DynamoVersionRecorder", FunctionAssets.directory(tmp, false), env(tmp));
        var mapping = Functions.withParallelizationFactor(streamMapping("m", "relay", streamArn, SourceKind.DYNAMODB_STREAMS, 3,
                false, List.of(), false, OptionalInt.empty(), Optional.empty()), 2);
        try (LambdaRuntime runtime = LambdaRuntime.builder(Functions.deployment(List.of(f), List.of(mapping), List.of(), List.of()))
                .endpoints(dynamo.endpoints()).faults(FaultPlan.none())
                .settings(RuntimeSettings.defaults().withAllDelays(Duration.ofMillis(50))
                        .withLog(new PrintStream(OutputStream.nullOutputStream())))
                .start();
             MappingPollers mappings = MappingPollers.start(runtime, Optional.empty())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> OutputFiles.lines(tmp, "relay").size() == items * versions);
            int shards;
            try (var streams = software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient.builder()
                    .endpointOverride(dynamo.endpoint()).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
                shards = streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards().size();
            }
            assertThat(mappings.stats().getFirst().peakConcurrentBatches())
                    .as("at most two batches per shard, %d shards", shards).isBetween(1, 2 * shards);
        }
        java.util.Map<String, List<Integer>> byItem = new java.util.TreeMap<>();
        for (String line : OutputFiles.lines(tmp, "relay")) {
            String[] parts = line.split("\\|");
            byItem.computeIfAbsent(parts[1], k -> new java.util.ArrayList<>()).add(Integer.parseInt(parts[2]));
        }
        assertThat(byItem).hasSize(items);
        byItem.forEach((pk, seen) -> assertThat(seen).as("versions of %s", pk).containsExactly(1, 2, 3, 4, 5));
    }
}
