package dev.ferry.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import dev.ferry.envelope.Envelope;
import dev.ferry.envelope.EnvelopeCodec;
import dev.ferry.envelope.EventTypes;
import dev.ferry.idempotency.IdempotencyRecord;
import dev.ferry.idempotency.TransactionOutcome;
import dev.ferry.idempotency.TransactionalIdempotency;
import dev.ferry.testing.MeteredDynamoDb;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

class OutboxTest {

    record OrderPlaced(String orderId, String amount) {
    }

    private static final String ORDERS = "orders";
    private static final String OUTBOX = "orders-outbox";
    private static final String TOPIC = "arn:aws:sns:us-east-1:000000000000:domain-events";
    private static MeteredDynamoDb dynamo;

    private final EnvelopeCodec codec = new EnvelopeCodec(EventTypes.builder().register("com.ferry.orders.OrderPlaced.v1", OrderPlaced.class).build());
    private Outbox outbox;
    private String orderId;

    @BeforeAll
    static void startDynamoDb() {
        dynamo = MeteredDynamoDb.start();
        dynamo.local().createTable(ORDERS, "id", false);
        dynamo.local().admin().createTable(OutboxTable.named(OUTBOX).createTableRequest());
        dynamo.local().createTable("idempotency", IdempotencyRecord.ID, false);
    }

    @AfterAll
    static void stopDynamoDb() {
        dynamo.close();
    }

    @BeforeEach
    void setUp() {
        outbox = new Outbox(dynamo.client(), OutboxTable.named(OUTBOX), codec);
        orderId = "order-" + System.nanoTime();
        dynamo.meter().reset();
    }

    @Test
    void stateChangeAndEventAreWrittenInOneTransaction() {
        Envelope<OrderPlaced> placed = placed(orderId);
        OutboxOutcome outcome = outbox.write(createOrder(orderId), placed);

        assertThat(outcome).isEqualTo(new OutboxOutcome.Written(List.of(placed.id())));
        assertThat(dynamo.meter().operations()).containsExactly("TransactWriteItems");
        assertThat(dynamo.meter().writeUnits()).as("two items under 1 KB, two units each in a transaction").isEqualTo(4.0);
        assertThat(item(orderId).get("status").s()).isEqualTo("PENDING");
        List<Map<String, AttributeValue>> records = pending(orderId);
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.get(OutboxRecord.KIND).s()).isEqualTo("outbox");
            assertThat(record.get(OutboxRecord.SEQUENCE).s()).endsWith("#" + placed.id());
            assertThat(record).as("nothing expires unpublished").doesNotContainKey("expiresAt");
            assertThat(codec.decode(record.get(OutboxRecord.ENVELOPE).s(), OrderPlaced.class)).isEqualTo(placed);
        });
    }

    @Test
    void failedConditionWritesNeitherStateNorOutbox() {
        outbox.write(createOrder(orderId), placed(orderId));
        Envelope<OrderPlaced> confirmed = new Envelope<>("evt-" + System.nanoTime(), "/ferry/orders", "com.ferry.orders.OrderPlaced.v1", orderId,
                java.time.Instant.now(), new OrderPlaced(orderId, "0"), "corr", Optional.empty());
        TransactWriteItem staleVersion = TransactWriteItem.builder().update(Update.builder().tableName(ORDERS)
                .key(Map.of("id", AttributeValue.fromS(orderId)))
                .updateExpression("SET #status = :confirmed, version = :next")
                .conditionExpression("version = :expected")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":confirmed", AttributeValue.fromS("CONFIRMED"), ":next", AttributeValue.fromN("8"),
                        ":expected", AttributeValue.fromN("7")))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build();

        OutboxOutcome outcome = outbox.write(staleVersion, confirmed);

        assertThat(outcome).isInstanceOf(OutboxOutcome.ConditionFailed.class);
        assertThat(((OutboxOutcome.ConditionFailed) outcome).currentItem().get("version").n()).isEqualTo("1");
        assertThat(item(orderId).get("status").s()).isEqualTo("PENDING");
        assertThat(pending(orderId)).as("only the first write's event").hasSize(1);
    }

    @Test
    void consumerStateChangeEventAndIdempotencyKeyCommitTogetherOnce() {
        TransactionalIdempotency idempotency = new TransactionalIdempotency(dynamo.client(), "idempotency");
        Envelope<OrderPlaced> first = placed(orderId);
        List<TransactWriteItem> writes = new ArrayList<>(List.of(createOrder(orderId)));
        writes.addAll(outbox.records(List.of(first)));
        assertThat(idempotency.commit("orders#cmd-" + orderId, "h", "created", writes)).isInstanceOf(TransactionOutcome.Committed.class);

        Envelope<OrderPlaced> retry = placed(orderId);
        List<TransactWriteItem> again = new ArrayList<>(List.of(createOrder(orderId)));
        again.addAll(outbox.records(List.of(retry)));
        assertThat(idempotency.commit("orders#cmd-" + orderId, "h", "created", again)).isEqualTo(new TransactionOutcome.Duplicate("created"));
        assertThat(pending(orderId)).as("a duplicate emits no second event").singleElement()
                .satisfies(r -> assertThat(r.get(OutboxRecord.EVENT_ID).s()).isEqualTo(first.id()));
    }

    @Test
    void relayPublishesWhatTheTableStreamCarries() {
        Envelope<OrderPlaced> placed = placed(orderId);
        outbox.write(createOrder(orderId), placed);

        DynamodbEvent event = readStream();
        RecordingSns sns = new RecordingSns();
        RelayResult result = relay(sns).relay(event);

        assertThat(result.publishedEventIds()).contains(placed.id());
        assertThat(result.resumeFromSequenceNumber()).isEmpty();
        assertThat(sns.published).filteredOn(e -> e.message().contains(placed.id())).singleElement()
                .satisfies(e -> assertThat(codec.decode(e.message(), OrderPlaced.class)).isEqualTo(placed));
        assertThat(sns.published).noneMatch(e -> e.message().contains("\"status\""));
        assertThat(pending(orderId)).as("published, so deleted").isEmpty();
        assertThat(relay(sns).relay(event).publishedEventIds()).as("a retried batch publishes nothing twice").isEmpty();
    }

    private DynamodbEvent readStream() {
        return OutboxStreams.readAll(dynamo.local(), OUTBOX);
    }

    private Envelope<OrderPlaced> placed(String order) {
        return Envelope.of("/ferry/orders", "com.ferry.orders.OrderPlaced.v1", order, new OrderPlaced(order, "50.00"));
    }

    private TransactWriteItem createOrder(String order) {
        return TransactWriteItem.builder().put(Put.builder().tableName(ORDERS)
                .item(Map.of("id", AttributeValue.fromS(order), "status", AttributeValue.fromS("PENDING"), "version", AttributeValue.fromN("1")))
                .conditionExpression("attribute_not_exists(id)").build()).build();
    }

    private OutboxRelay relay(RecordingSns sns) {
        return new OutboxRelay(dynamo.client(), List.of(new SnsTarget(sns, TOPIC)), new OutboxRelay.Options(3, java.time.Duration.ZERO), Optional.empty());
    }

    private List<Map<String, AttributeValue>> pending(String subject) {
        return dynamo.local().admin().query(q -> q.tableName(OUTBOX).consistentRead(true)
                .keyConditionExpression("#s = :s").expressionAttributeNames(Map.of("#s", OutboxRecord.SUBJECT))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(subject)))).items();
    }

    private Map<String, AttributeValue> item(String id) {
        return dynamo.local().admin().getItem(b -> b.tableName(ORDERS).key(Map.of("id", AttributeValue.fromS(id))).consistentRead(true)).item();
    }

}
