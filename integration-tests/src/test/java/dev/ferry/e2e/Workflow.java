package dev.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** The workflow in the domain's words, driven through the REST API and read back through the AWS SDK. */
final class Workflow {

    static final Duration CHAIN_TIMEOUT = Duration.ofSeconds(60);

    static final String ACCOUNT_OPENED = "dev.ferry.payments.AccountOpened.v1";
    static final String DEPOSIT_APPLIED = "dev.ferry.payments.DepositApplied.v1";
    static final String ORDER_PLACED = "dev.ferry.orders.OrderPlaced.v1";
    static final String PAYMENT_SUCCEEDED = "dev.ferry.payments.PaymentSucceeded.v1";
    static final String PAYMENT_FAILED = "dev.ferry.payments.PaymentFailed.v1";
    static final String ORDER_CONFIRMED = "dev.ferry.orders.OrderConfirmed.v1";
    static final String ORDER_REJECTED = "dev.ferry.orders.OrderRejected.v1";

    /** An opened account and the correlation id of the request that opened it. */
    record Account(String id, String email, String correlationId) {
    }

    /** A placed order and the correlation id its events carry. */
    record Order(String id, String correlationId) {
    }

    /** One event as the trace endpoint returns it. */
    record TracedEvent(String id, String type, String subject, Optional<String> causationId) {
    }

    private final FerrySystem ferry;

    Workflow(FerrySystem ferry) {
        this.ferry = ferry;
    }

    static String key() {
        return UUID.randomUUID().toString();
    }

    Account openAccount(String owner) {
        String email = owner.toLowerCase().replace(' ', '.') + "@example.com";
        Api.Response r = ferry.api().post("/accounts", key(),
                "{\"owner\":\"" + owner + "\",\"email\":\"" + email + "\",\"currency\":\"EUR\"}");
        assertThat(r.status()).as("POST /accounts: %s", r.body()).isEqualTo(201);
        return new Account(r.json().get("id").asText(), email, r.correlationId().orElseThrow());
    }

    Api.Response deposit(String accountId, String idempotencyKey, String amount) {
        return ferry.api().post("/accounts/" + accountId + "/deposits", idempotencyKey,
                "{\"amount\":\"" + amount + "\",\"currency\":\"EUR\"}");
    }

    /** Opens an account and funds it, waiting until the deposit is applied. */
    Account fundedAccount(String owner, String amount) {
        Account account = openAccount(owner);
        assertThat(deposit(account.id(), key(), amount).status()).isEqualTo(202);
        awaitBalance(account.id(), amount);
        return account;
    }

    Api.Response placeOrderRequest(String accountId, String idempotencyKey, String amount) {
        return ferry.api().post("/orders", idempotencyKey,
                "{\"accountId\":\"" + accountId + "\",\"amount\":\"" + amount + "\",\"currency\":\"EUR\"}");
    }

    Order placeOrder(String accountId, String amount) {
        Api.Response r = placeOrderRequest(accountId, key(), amount);
        assertThat(r.status()).as("POST /orders: %s", r.body()).isEqualTo(202);
        return new Order(r.json().get("id").asText(), r.correlationId().orElseThrow());
    }

    /** Waits until the order leaves PENDING and returns its final state. */
    JsonNode awaitSettled(String orderId) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await("order " + orderId + " confirmed or rejected").atMost(CHAIN_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Api.Response r = ferry.api().get("/orders/" + orderId);
                    last.set(r.json());
                    return r.status() == 200 && Set.of("CONFIRMED", "REJECTED").contains(r.json().get("status").asText());
                });
        return last.get();
    }

    BigDecimal balance(String accountId) {
        Api.Response r = ferry.api().get("/accounts/" + accountId);
        assertThat(r.status()).as("GET /accounts/%s: %s", accountId, r.body()).isEqualTo(200);
        return new BigDecimal(r.json().get("balance").asText());
    }

    void awaitBalance(String accountId, String expected) {
        await("balance of " + accountId + " = " + expected).atMost(CHAIN_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> balance(accountId).compareTo(new BigDecimal(expected)) == 0);
    }

    /** The trace endpoint's events for a correlation id (empty while there is none yet). */
    List<TracedEvent> trace(String correlationId) {
        Api.Response r = ferry.api().get("/traces/" + correlationId);
        if (r.status() == 404) {
            return List.of();
        }
        assertThat(r.status()).as("GET /traces/%s: %s", correlationId, r.body()).isEqualTo(200);
        List<TracedEvent> events = new ArrayList<>();
        for (JsonNode e : r.json().get("events")) {
            JsonNode cause = e.get("causationid");
            events.add(new TracedEvent(e.get("id").asText(), e.get("type").asText(), e.get("subject").asText(),
                    cause == null || cause.isNull() ? Optional.empty() : Optional.of(cause.asText())));
        }
        return events;
    }

    /** Waits until the trace holds events of all the given types and returns it. */
    List<TracedEvent> awaitTrace(String correlationId, String... types) {
        AtomicReference<List<TracedEvent>> last = new AtomicReference<>(List.of());
        await("trace " + correlationId + " with " + List.of(types)).atMost(CHAIN_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    last.set(trace(correlationId));
                    return last.get().stream().map(TracedEvent::type).toList().containsAll(List.of(types));
                });
        return last.get();
    }

    static TracedEvent only(List<TracedEvent> events, String type) {
        List<TracedEvent> ofType = events.stream().filter(e -> e.type().equals(type)).toList();
        assertThat(ofType).as("events of type %s in %s", type, events).hasSize(1);
        return ofType.getFirst();
    }

    /** Emails recorded as sent for an event, as {@code template} values. */
    List<String> emailsFor(String eventId) {
        List<String> templates = new ArrayList<>();
        ferry.dynamoDb().scanPaginator(r -> r.tableName(ferry.name("notifications"))
                        .filterExpression("eventId = :e").expressionAttributeValues(Map.of(":e", AttributeValue.fromS(eventId))))
                .items().forEach(item -> templates.add(item.get("template").s()));
        return templates;
    }

    /** Emails recorded as sent for a correlation id, as {@code template} values. */
    List<String> emailsByCorrelation(String correlationId) {
        List<String> templates = new ArrayList<>();
        ferry.dynamoDb().scanPaginator(r -> r.tableName(ferry.name("notifications")).filterExpression("correlationId = :c")
                        .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(correlationId))))
                .items().forEach(item -> templates.add(item.get("template").s()));
        return templates;
    }

    /** Whether Analytics has applied this event (its idempotency record commits with the counts). */
    boolean analyticsApplied(String eventId) {
        return ferry.dynamoDb().getItem(r -> r.tableName(ferry.name("idempotency"))
                .key(Map.of("id", AttributeValue.fromS("Analytics#" + eventId)))).hasItem();
    }

    /** Whether Audit has stored this event under its correlation id. */
    boolean audited(String correlationId, String eventId) {
        return ferry.dynamoDb().queryPaginator(r -> r.tableName(ferry.name("audit"))
                        .keyConditionExpression("correlationId = :c")
                        .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(correlationId))))
                .items().stream().anyMatch(item -> item.get("eventId").s().equals(eventId));
    }

    /** Every audited event's type, counted over the whole audit table. */
    Map<String, Long> auditedCounts() {
        Map<String, Long> counts = new HashMap<>();
        ferry.dynamoDb().scanPaginator(r -> r.tableName(ferry.name("audit"))).items()
                .forEach(item -> counts.merge(item.get("type").s(), 1L, Long::sum));
        return counts;
    }

    /** The analytics table's {@code count#<type>} attributes summed over every minute. */
    Map<String, Long> analyticsCounts() {
        Map<String, Long> counts = new HashMap<>();
        ferry.dynamoDb().scanPaginator(r -> r.tableName(ferry.name("analytics"))).items()
                .forEach(item -> item.forEach((name, value) -> {
                    if (name.startsWith("count#")) {
                        counts.merge(name.substring("count#".length()), Long.parseLong(value.n()), Long::sum);
                    }
                }));
        return counts;
    }

    /** Number of emails recorded, over the whole notifications table. */
    long emailCount() {
        return ferry.dynamoDb().scanPaginator(r -> r.tableName(ferry.name("notifications"))).items().stream().count();
    }

    /** The envelopes on the event log for one subject (its partition key), in shard order. */
    List<JsonNode> eventLog(String subject) {
        List<JsonNode> events = new ArrayList<>();
        String stream = ferry.name("event-log");
        for (Shard shard : ferry.kinesis().listShards(l -> l.streamName(stream)).shards()) {
            String iterator = ferry.kinesis().getShardIterator(i -> i.streamName(stream).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            for (int page = 0; page < 100 && iterator != null; page++) {
                String from = iterator;
                var records = ferry.kinesis().getRecords(g -> g.shardIterator(from).limit(1000));
                for (Record record : records.records()) {
                    if (record.partitionKey().equals(subject)) {
                        try {
                            events.add(Api.JSON.readTree(record.data().asUtf8String()));
                        } catch (java.io.IOException e) {
                            throw new AssertionError("event-log holds a record that is not JSON", e);
                        }
                    }
                }
                iterator = records.records().isEmpty() ? null : records.nextShardIterator();
            }
        }
        return events;
    }
}
