package dev.ferry.batch;

import static dev.ferry.batch.SqsEvents.event;
import static dev.ferry.batch.SqsEvents.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.ferry.idempotency.DynamoDbIdempotencyStore;
import dev.ferry.idempotency.IdempotencyRecord;
import dev.ferry.idempotency.PayloadHash;
import dev.ferry.idempotency.TransactionOutcome;
import dev.ferry.idempotency.TransactionalIdempotency;
import dev.ferry.testing.MeteredDynamoDb;
import dev.ferry.testing.RequestMeter;
import dev.ferry.testing.TestLambdaContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The DynamoDB requests and write units each delivery mode adds per message, measured on the SDK client
 * against the local DynamoDB. docs/toolkit.md quotes these figures.
 */
class DeliveryCostTest {

    private static final int MESSAGES = 10;
    private static MeteredDynamoDb dynamo;
    private final TestLambdaContext lambda = TestLambdaContext.of("worker");
    private String run;

    @BeforeAll
    static void startDynamoDb() {
        dynamo = MeteredDynamoDb.start();
        dynamo.local().createTable("idempotency", IdempotencyRecord.ID, false);
        dynamo.local().createTable("accounts", "id", false);
    }

    @AfterAll
    static void stopDynamoDb() {
        dynamo.close();
    }

    @BeforeEach
    void reset() {
        run = Long.toString(System.nanoTime());
        dynamo.meter().reset();
    }

    @Test
    void atLeastOnceAddsNoRequests() {
        SqsBatchConsumer consumer = new SqsBatchConsumer(ConsumerSettings.atLeastOnce("plain"), m -> Outcome.done());
        consumer.handle(batch(), lambda);
        assertThat(dynamo.meter().requests()).isZero();
    }

    @Test
    void effectivelyOnceGuardedCostsTwoWritesPerFirstDeliveryAndOneRequestPerDuplicate() {
        SqsBatchConsumer consumer = new SqsBatchConsumer(
                ConsumerSettings.effectivelyOnce("guarded", new DynamoDbIdempotencyStore(dynamo.client(), "idempotency")), m -> Outcome.done());
        SQSEvent batch = batch();

        consumer.handle(batch, lambda);
        assertThat(dynamo.meter().requests()).isEqualTo(2 * MESSAGES);
        assertThat(dynamo.meter().operations()).containsOnly("PutItem");
        assertThat(dynamo.meter().writeUnits()).isEqualTo(2.0 * MESSAGES);

        dynamo.meter().reset();
        assertThat(consumer.handle(batch, lambda).getBatchItemFailures()).isEmpty();
        assertThat(dynamo.meter().requests()).isEqualTo(MESSAGES);
        assertThat(dynamo.meter().calls()).noneMatch(RequestMeter.Call::succeeded);
    }

    @Test
    void transactionalModeCostsOneRequestPerMessageEffectIncluded() {
        dynamo.local().admin().putItem(b -> b.tableName("accounts").item(Map.of("id", AttributeValue.fromS("acc-" + run), "balance", AttributeValue.fromN("0"))));
        TransactionalIdempotency idempotency = new TransactionalIdempotency(dynamo.client(), "idempotency");
        SqsBatchConsumer consumer = new SqsBatchConsumer(ConsumerSettings.atLeastOnce("deposits"), m -> {
            TransactWriteItem deposit = TransactWriteItem.builder().update(Update.builder().tableName("accounts")
                    .key(Map.of("id", AttributeValue.fromS("acc-" + run))).updateExpression("ADD balance :one")
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))).build()).build();
            return switch (idempotency.commit("deposits#" + MessagePayloads.sqsKey(m), PayloadHash.of(m.getBody()), "ok", List.of(deposit))) {
                case TransactionOutcome.Committed c -> Outcome.done();
                case TransactionOutcome.Duplicate d -> Outcome.done();
                case TransactionOutcome.InProgress p -> Outcome.retry("in progress");
                case TransactionOutcome.PayloadMismatch p -> Outcome.reject("key reused");
                case TransactionOutcome.EffectRejected r -> Outcome.reject("rejected");
            };
        });
        SQSEvent batch = batch();

        consumer.handle(batch, lambda);
        assertThat(dynamo.meter().requests()).isEqualTo(MESSAGES);
        assertThat(dynamo.meter().writeUnits()).as("key record + effect, 2 units each in a transaction").isEqualTo(4.0 * MESSAGES);

        dynamo.meter().reset();
        consumer.handle(batch, lambda);
        assertThat(dynamo.meter().requests()).isEqualTo(MESSAGES);
        assertThat(dynamo.local().admin().getItem(b -> b.tableName("accounts").key(Map.of("id", AttributeValue.fromS("acc-" + run))))
                .item().get("balance").n()).isEqualTo(Integer.toString(MESSAGES));
    }

    private SQSEvent batch() {
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            messages.add(message("m-" + run + "-" + i, "{\"n\":" + i + "}"));
        }
        return event(messages.toArray(SQSEvent.SQSMessage[]::new));
    }
}
