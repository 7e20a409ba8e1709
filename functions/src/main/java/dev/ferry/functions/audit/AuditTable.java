package dev.ferry.functions.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The {@code audit} table: partition key {@code correlationId}, sort key {@code position} =
 * {@code <time>#<event id>}. A put of the same event writes the same item again, so at-least-once delivery
 * leaves exactly one entry per event.
 */
public final class AuditTable {

    private final DynamoDbClient dynamoDb;
    private final String table;

    public AuditTable(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    public void put(AuditEntry entry) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("correlationId", s(entry.correlationId()));
        item.put("position", s(entry.position()));
        item.put("eventId", s(entry.eventId()));
        item.put("type", s(entry.type()));
        item.put("source", s(entry.source()));
        item.put("subject", s(entry.subject()));
        item.put("time", s(entry.time().toString()));
        entry.causationId().ifPresent(c -> item.put("causationId", s(c)));
        item.put("data", s(entry.data()));
        dynamoDb.putItem(b -> b.tableName(table).item(item));
    }

    /** Every entry of {@code correlationId}, in position (time) order. */
    public List<AuditEntry> trace(String correlationId) {
        List<AuditEntry> entries = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder request = QueryRequest.builder().tableName(table)
                    .keyConditionExpression("correlationId = :c")
                    .expressionAttributeValues(Map.of(":c", s(correlationId)));
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            QueryResponse page = dynamoDb.query(request.build());
            for (Map<String, AttributeValue> item : page.items()) {
                entries.add(new AuditEntry(text(item, "correlationId"), text(item, "eventId"), text(item, "type"), text(item, "source"),
                        text(item, "subject"), Instant.parse(text(item, "time")),
                        Optional.ofNullable(item.get("causationId")).map(AttributeValue::s), text(item, "data")));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return entries;
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? "" : value.s();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
