package dev.ferry.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.ferry.envelope.Envelope;
import dev.ferry.envelope.EnvelopeCodec;
import dev.ferry.envelope.EventTypes;
import dev.ferry.idempotency.IdempotencyRecord;
import dev.ferry.idempotency.TransactionOutcome;
import dev.ferry.idempotency.TransactionalIdempotency;
import dev.ferry.testing.MeteredDynamoDb;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

class OutboxTest {

    record OrderPlaced(String orderId, String amount) {
    }

    private static final String ORDERS = "orders";
    private static final String TOPIC = "arn:aws:sns:us-east-1:000000000000:domain-events";
    private static MeteredDynamoDb dynamo;

    private final EnvelopeCodec codec = new EnvelopeCodec(EventTypes.builder().register("com.ferry.orders.OrderPlaced.v1", OrderPlaced.class).build());
    private Outbox outbox;
    private String orderId;

    @BeforeAll
    static void startDynamoDb() {
        dynamo = MeteredDynamoDb.start();
        dynamo.local().createTable(ORDERS, "id", true);
        dynamo.local().createTable("idempotency", IdempotencyRecord.ID, false);
    }

    @AfterAll
    static void stopDynamoDb() {
        dynamo.close();
    }

    @BeforeEach
    void setUp() {
        outbox = new Outbox(dynamo.client(), OutboxTable.of(ORDERS, "id"), codec);
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
        Map<String, AttributeValue> record = item(OutboxRecord.KEY_PREFIX + placed.id());
        assertThat(record.get(OutboxRecord.KIND).s()).isEqualTo("outbox");
        assertThat(record.get(OutboxRecord.SUBJECT).s()).isEqualTo(orderId);
        assertThat(record.get(OutboxRecord.EXPIRES_AT).n()).isNotBlank();
        assertThat(codec.decode(record.get(OutboxRecord.ENVELOPE).s(), OrderPlaced.class)).isEqualTo(placed);
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
        assertThat(item(OutboxRecord.KEY_PREFIX + confirmed.id())).isEmpty();
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
        assertThat(item(OutboxRecord.KEY_PREFIX + retry.id())).as("a duplicate emits no second event").isEmpty();
    }

    @Test
    void relayPublishesWhatTheTableStreamCarries() {
        Envelope<OrderPlaced> placed = placed(orderId);
        outbox.write(createOrder(orderId), placed);

        DynamodbEvent event = readStream();
        RecordingSns sns = new RecordingSns();
        RelayResult result = new OutboxRelay(List.of(new SnsTarget(sns, TOPIC))).relay(event);

        assertThat(result.publishedEventIds()).contains(placed.id());
        assertThat(result.resumeFromSequenceNumber()).isEmpty();
        assertThat(sns.published).filteredOn(e -> e.message().contains(placed.id())).singleElement()
                .satisfies(e -> assertThat(codec.decode(e.message(), OrderPlaced.class)).isEqualTo(placed));
        assertThat(sns.published).noneMatch(e -> e.message().contains("\"status\""));
    }

    private DynamodbEvent readStream() {
        try (DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .endpointOverride(URI.create(dynamo.local().environment().get("AWS_ENDPOINT_URL_DYNAMODB")))
                .httpClient(UrlConnectionHttpClient.builder().build()).build()) {
            String arn = dynamo.local().admin().describeTable(b -> b.tableName(ORDERS)).table().latestStreamArn();
            List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
            for (var shard : streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards()) {
                String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                for (var r : streams.getRecords(b -> b.shardIterator(iterator)).records()) {
                    records.add(toLambda(r));
                }
            }
            DynamodbEvent event = new DynamodbEvent();
            event.setRecords(records);
            return event;
        }
    }

    private static DynamodbEvent.DynamodbStreamRecord toLambda(software.amazon.awssdk.services.dynamodb.model.Record r) {
        StreamRecord stream = new StreamRecord();
        stream.setSequenceNumber(r.dynamodb().sequenceNumber());
        stream.setNewImage(r.dynamodb().hasNewImage() ? toLambda(r.dynamodb().newImage()) : null);
        stream.setKeys(toLambda(r.dynamodb().keys()));
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventID(r.eventID());
        record.setEventName(r.eventNameAsString());
        record.setDynamodb(stream);
        return record;
    }

    private static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> toLambda(Map<String, AttributeValue> image) {
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> converted = new HashMap<>();
        image.forEach((name, value) -> {
            var v = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
            if (value.s() != null) {
                v.setS(value.s());
            } else if (value.n() != null) {
                v.setN(value.n());
            } else {
                v.setS(value.toString());
            }
            converted.put(name, v);
        });
        return converted;
    }

    private Envelope<OrderPlaced> placed(String order) {
        return Envelope.of("/ferry/orders", "com.ferry.orders.OrderPlaced.v1", order, new OrderPlaced(order, "50.00"));
    }

    private TransactWriteItem createOrder(String order) {
        return TransactWriteItem.builder().put(Put.builder().tableName(ORDERS)
                .item(Map.of("id", AttributeValue.fromS(order), "status", AttributeValue.fromS("PENDING"), "version", AttributeValue.fromN("1")))
                .conditionExpression("attribute_not_exists(id)").build()).build();
    }

    private Map<String, AttributeValue> item(String id) {
        return dynamo.local().admin().getItem(b -> b.tableName(ORDERS).key(Map.of("id", AttributeValue.fromS(id))).consistentRead(true)).item();
    }

}
