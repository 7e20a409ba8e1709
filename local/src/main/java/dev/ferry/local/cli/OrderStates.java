package dev.ferry.local.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * The status of many orders at once, read from the orders table (BatchGetItem, 100 keys a call, strongly consistent)
 * rather than through {@code GET /orders/{id}}: following thousands of orders must not load the API it measures.
 */
final class OrderStates {
    private static final int BATCH = 100;

    private final DynamoDbClient dynamoDb;
    private final String table;

    OrderStates(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    String table() {
        return table;
    }

    /**
     * An order as the timing of {@code ferry load} needs it.
     *
     * @param createdAt when OrdersApi placed it
     * @param updatedAt when it last changed state: for a CONFIRMED or REJECTED order, when OrdersConsumer moved it there
     */
    record State(String status, Optional<Instant> createdAt, Optional<Instant> updatedAt) {}

    /** Each order's {@code status}; an order the table does not hold is left out. */
    Map<String, String> statuses(List<String> orderIds) {
        Map<String, String> statuses = new HashMap<>();
        states(orderIds).forEach((id, state) -> statuses.put(id, state.status()));
        return statuses;
    }

    /** Each order's status and times; an order the table does not hold is left out. */
    Map<String, State> states(List<String> orderIds) {
        Map<String, State> states = new HashMap<>();
        for (int i = 0; i < orderIds.size(); i += BATCH) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            orderIds.subList(i, Math.min(orderIds.size(), i + BATCH)).forEach(id -> keys.add(Map.of("id", AttributeValue.fromS(id))));
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys)
                    .projectionExpression("id, #s, createdAt, updatedAt").expressionAttributeNames(Map.of("#s", "status"))
                    .consistentRead(true).build());
            while (!request.isEmpty()) {
                Map<String, KeysAndAttributes> asked = request;
                BatchGetItemResponse r = dynamoDb.batchGetItem(b -> b.requestItems(asked));
                r.responses().getOrDefault(table, List.of()).forEach(item -> states.put(item.get("id").s(), new State(
                        item.containsKey("status") ? item.get("status").s() : "UNKNOWN", instant(item, "createdAt"), instant(item, "updatedAt"))));
                request = r.hasUnprocessedKeys() ? r.unprocessedKeys() : Map.of();
            }
        }
        return states;
    }

    private static Optional<Instant> instant(Map<String, AttributeValue> item, String name) {
        try {
            return Optional.ofNullable(item.get(name)).map(AttributeValue::s).map(Instant::parse);
        } catch (java.time.DateTimeException unreadable) {
            return Optional.empty();
        }
    }
}
