package dev.ferry.local.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** Each order's {@code status}; an order the table does not hold is left out. */
    Map<String, String> statuses(List<String> orderIds) {
        Map<String, String> statuses = new HashMap<>();
        for (int i = 0; i < orderIds.size(); i += BATCH) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            orderIds.subList(i, Math.min(orderIds.size(), i + BATCH)).forEach(id -> keys.add(Map.of("id", AttributeValue.fromS(id))));
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys)
                    .projectionExpression("id, #s").expressionAttributeNames(Map.of("#s", "status")).consistentRead(true).build());
            while (!request.isEmpty()) {
                Map<String, KeysAndAttributes> asked = request;
                BatchGetItemResponse r = dynamoDb.batchGetItem(b -> b.requestItems(asked));
                r.responses().getOrDefault(table, List.of()).forEach(item ->
                        statuses.put(item.get("id").s(), item.containsKey("status") ? item.get("status").s() : "UNKNOWN"));
                request = r.hasUnprocessedKeys() ? r.unprocessedKeys() : Map.of();
            }
        }
        return statuses;
    }
}
