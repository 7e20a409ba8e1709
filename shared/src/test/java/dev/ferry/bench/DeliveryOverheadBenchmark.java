package dev.ferry.bench;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.ferry.batch.ConsumerSettings;
import dev.ferry.batch.MessagePayloads;
import dev.ferry.batch.Outcome;
import dev.ferry.batch.SqsBatchConsumer;
import dev.ferry.idempotency.DynamoDbIdempotencyStore;
import dev.ferry.idempotency.IdempotencyRecord;
import dev.ferry.idempotency.PayloadHash;
import dev.ferry.idempotency.TransactionOutcome;
import dev.ferry.idempotency.TransactionalIdempotency;
import dev.ferry.testing.LocalDynamoDb;
import dev.ferry.testing.RequestMeter;
import dev.ferry.testing.TestLambdaContext;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Per-message overhead of each delivery mode against the local DynamoDB emulator (one JVM, loopback).
 * Not a unit test (its name keeps it out of the default run). Rerun with:
 * <pre>
 * ./mvnw -B -ntp -q -pl shared -am test -Dtest=DeliveryOverheadBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     [-Dbench.messages=1000] [-Dbench.rounds=3]
 * </pre>
 * Results: {@code shared/target/benchmarks/delivery-overhead.txt}. Each mode handles batches of 10 SQS
 * messages whose effect (where there is one) is an UpdateItem adding 1 to a counter; the figure is the
 * median over rounds of (wall time / messages), with the DynamoDB requests per message counted by an
 * SDK interceptor. Absolute times are loopback times, far below AWS latencies; the request counts and
 * the ratios between modes are what carries over.
 */
class DeliveryOverheadBenchmark {

    private static final int BATCH = 10;
    private final int messages = Integer.getInteger("bench.messages", 1000);
    private final int rounds = Integer.getInteger("bench.rounds", 3);

    @Test
    void measure() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "Ferry delivery overhead: %d messages x %d rounds, batches of %d, JDK %s, %d CPUs",
                messages, rounds, BATCH, Runtime.version(), Runtime.getRuntime().availableProcessors()));
        lines.add(String.format(Locale.ROOT, "%-52s %12s %12s %14s", "mode", "us/message", "requests/msg", "write units/msg"));
        try (LocalDynamoDb local = LocalDynamoDb.start()) {
            local.createTable("idempotency", IdempotencyRecord.ID, false);
            local.createTable("counters", "id", false);
            RequestMeter meter = new RequestMeter();
            DynamoDbClient dynamoDb = local.client(meter);
            local.admin().putItem(b -> b.tableName("counters").item(Map.of("id", AttributeValue.fromS("c"), "n", AttributeValue.fromN("0"))));
            UpdateItemRequest increment = UpdateItemRequest.builder().tableName("counters").key(Map.of("id", AttributeValue.fromS("c")))
                    .updateExpression("ADD n :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))).build();
            TransactWriteItem incrementItem = TransactWriteItem.builder().update(Update.builder().tableName("counters")
                    .key(Map.of("id", AttributeValue.fromS("c"))).updateExpression("ADD n :one")
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))).build()).build();
            var store = new DynamoDbIdempotencyStore(dynamoDb, "idempotency");
            var transactional = new TransactionalIdempotency(dynamoDb, "idempotency");

            Map<String, Function<String, SqsBatchConsumer>> modes = new java.util.LinkedHashMap<>();
            modes.put("AT_MOST_ONCE, no effect", run -> new SqsBatchConsumer(ConsumerSettings.atMostOnce("amo"), m -> Outcome.done()));
            modes.put("AT_LEAST_ONCE, no effect", run -> new SqsBatchConsumer(ConsumerSettings.atLeastOnce("alo"), m -> Outcome.done()));
            modes.put("AT_LEAST_ONCE, effect (UpdateItem)", run -> new SqsBatchConsumer(ConsumerSettings.atLeastOnce("alo-e"), m -> {
                dynamoDb.updateItem(increment);
                return Outcome.done();
            }));
            modes.put("EFFECTIVELY_ONCE guarded, effect, first delivery", run -> new SqsBatchConsumer(
                    ConsumerSettings.effectivelyOnce("eo-" + run, store), m -> {
                        dynamoDb.updateItem(increment);
                        return Outcome.done();
                    }));
            modes.put("transactional (key + effect in 1 tx), first delivery", run -> new SqsBatchConsumer(ConsumerSettings.atLeastOnce("tx"), m ->
                    switch (transactional.commit("tx-" + run + "#" + MessagePayloads.sqsKey(m), PayloadHash.of(m.getBody()), "ok", List.of(incrementItem))) {
                        case TransactionOutcome.Committed c -> Outcome.done();
                        case TransactionOutcome.Duplicate d -> Outcome.done();
                        default -> Outcome.retry("unexpected outcome");
                    }));

            TestLambdaContext lambda = TestLambdaContext.of("bench");
            // Warm the consumer path itself, so the first mode measured does not pay for JIT compilation.
            SqsBatchConsumer warmUp = new SqsBatchConsumer(ConsumerSettings.atLeastOnce("warm-up"), m -> Outcome.done());
            for (int i = 0; i < 5; i++) {
                batches("warm-up-" + i).forEach(b -> warmUp.handle(b, lambda));
            }
            for (Map.Entry<String, Function<String, SqsBatchConsumer>> mode : modes.entrySet()) {
                lines.add(measure(mode.getKey(), mode.getValue(), meter, lambda, false));
            }
            // Duplicates: deliver the same batches a second time to a consumer that has seen them.
            lines.add(measure("EFFECTIVELY_ONCE guarded, duplicate delivery", modes.get("EFFECTIVELY_ONCE guarded, effect, first delivery"), meter, lambda, true));
            lines.add(measure("transactional, duplicate delivery", modes.get("transactional (key + effect in 1 tx), first delivery"), meter, lambda, true));
            dynamoDb.close();
        }
        Path out = Path.of("target", "benchmarks", "delivery-overhead.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, lines);
        PrintStream console = System.out;
        lines.forEach(console::println);
    }

    private String measure(String name, Function<String, SqsBatchConsumer> factory, RequestMeter meter, TestLambdaContext lambda, boolean duplicates) {
        double[] perMessage = new double[rounds];
        double requests = 0;
        double units = 0;
        // One warm-up round, not recorded.
        for (int round = -1; round < rounds; round++) {
            String run = name.hashCode() + "-" + round + "-" + System.nanoTime();
            SqsBatchConsumer consumer = factory.apply(run);
            List<SQSEvent> batches = batches(run);
            if (duplicates) {
                batches.forEach(b -> consumer.handle(b, lambda));
            }
            meter.reset();
            long start = System.nanoTime();
            for (SQSEvent batch : batches) {
                if (!consumer.handle(batch, lambda).getBatchItemFailures().isEmpty()) {
                    throw new IllegalStateException(name + ": a message failed during the benchmark");
                }
            }
            long elapsed = System.nanoTime() - start;
            if (round >= 0) {
                perMessage[round] = elapsed / 1000.0 / messages;
                requests = (double) meter.requests() / messages;
                units = meter.writeUnits() / messages;
            }
        }
        Arrays.sort(perMessage);
        return String.format(Locale.ROOT, "%-52s %12.1f %12.2f %14.2f", name, perMessage[rounds / 2], requests, units);
    }

    private List<SQSEvent> batches(String run) {
        List<SQSEvent> batches = new ArrayList<>();
        for (int i = 0; i < messages; i += BATCH) {
            List<SQSEvent.SQSMessage> records = new ArrayList<>();
            for (int j = i; j < Math.min(messages, i + BATCH); j++) {
                SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
                m.setMessageId(run + "-" + j);
                m.setBody("{\"n\":" + j + "}");
                Map<String, String> attributes = new HashMap<>();
                attributes.put("ApproximateReceiveCount", "1");
                m.setAttributes(attributes);
                m.setMessageAttributes(Map.of());
                records.add(m);
            }
            SQSEvent event = new SQSEvent();
            event.setRecords(records);
            batches.add(event);
        }
        return batches;
    }
}
