package dev.ferry.functions.analytics;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Per-minute rows in the {@code analytics} table (key {@code minute}, e.g. {@code 2026-11-30T10:15Z}):
 * {@code events} (all events), {@code count#<event type>} and {@code revenue#<currency>}, all added with
 * {@code ADD}, so contributions commute and shards may be read in any interleaving.
 */
public final class AnalyticsTable {

    public static final String MINUTE = "minute";
    public static final String EVENTS = "events";
    public static final String COUNT_PREFIX = "count#";
    public static final String REVENUE_PREFIX = "revenue#";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public AnalyticsTable(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    public String name() {
        return table;
    }

    public TransactWriteItem add(Contribution c) {
        Map<String, String> names = new HashMap<>(Map.of("#events", EVENTS, "#count", COUNT_PREFIX + c.type()));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":one", AttributeValue.fromN("1")));
        String expression = "ADD #events :one, #count :one";
        if (c.revenue().isPresent()) {
            names.put("#revenue", REVENUE_PREFIX + c.revenue().get().currencyCode());
            values.put(":revenue", AttributeValue.fromN(c.revenue().get().text()));
            expression += ", #revenue :revenue";
        }
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(Map.of(MINUTE, AttributeValue.fromS(c.minute())))
                .updateExpression(expression)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build()).build();
    }

    /** The whole projection, minute -> attribute -> number as text: for comparing a replay with the live table. */
    public Map<String, Map<String, String>> snapshot() {
        Map<String, Map<String, String>> rows = new TreeMap<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder request = ScanRequest.builder().tableName(table).consistentRead(true);
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            ScanResponse page = dynamoDb.scan(request.build());
            for (Map<String, AttributeValue> item : page.items()) {
                Map<String, String> row = new TreeMap<>();
                item.forEach((name, value) -> {
                    if (!name.equals(MINUTE)) {
                        row.put(name, new java.math.BigDecimal(value.n()).stripTrailingZeros().toPlainString());
                    }
                });
                rows.put(item.get(MINUTE).s(), row);
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return new LinkedHashMap<>(rows);
    }
}
