package dev.ferry.functions.orders;

import dev.ferry.functions.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Orders in the {@code orders} table (key {@code id}); the orders outbox shares the table under
 * {@code outbox#<event id>} keys, which {@code kind = order} tells apart.
 */
public final class OrderTable {

    public static final String ID = "id";
    static final String KIND = "kind";
    static final String KIND_ORDER = "order";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public OrderTable(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    public String name() {
        return table;
    }

    public Optional<Order> find(String id) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).key(Map.of(ID, s(id))).consistentRead(true)).item();
        if (item == null || item.isEmpty() || !KIND_ORDER.equals(text(item, KIND))) {
            return Optional.empty();
        }
        return Optional.of(fromItem(item));
    }

    /** A new order, only if its id is unused. */
    public TransactWriteItem insert(Order order) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(toItem(order))
                .conditionExpression("attribute_not_exists(#id)")
                .expressionAttributeNames(Map.of("#id", ID)).build()).build();
    }

    /** {@code after}'s state, only if the stored version is still {@code before}'s. */
    public TransactWriteItem update(Order before, Order after) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":status", s(after.status().name()));
        values.put(":version", n(after.version()));
        values.put(":expected", n(before.version()));
        values.put(":updatedAt", s(after.updatedAt().toString()));
        String set = "SET #status = :status, #version = :version, updatedAt = :updatedAt";
        if (after.reason().isPresent()) {
            values.put(":reason", s(after.reason().get()));
            set += ", reason = :reason";
        }
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(Map.of(ID, s(after.id())))
                .updateExpression(set)
                .conditionExpression("#version = :expected")
                .expressionAttributeNames(Map.of("#status", "status", "#version", "version"))
                .expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
    }

    static Map<String, AttributeValue> toItem(Order order) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ID, s(order.id()));
        item.put(KIND, s(KIND_ORDER));
        item.put("accountId", s(order.accountId()));
        item.put("amount", AttributeValue.fromN(order.amount().text()));
        item.put("currency", s(order.amount().currencyCode()));
        item.put("status", s(order.status().name()));
        item.put("version", n(order.version()));
        item.put("createdAt", s(order.createdAt().toString()));
        item.put("updatedAt", s(order.updatedAt().toString()));
        order.reason().ifPresent(r -> item.put("reason", s(r)));
        return item;
    }

    static Order fromItem(Map<String, AttributeValue> item) {
        return new Order(text(item, ID), text(item, "accountId"),
                Money.of(new BigDecimal(item.get("amount").n()), text(item, "currency")),
                OrderStatus.valueOf(text(item, "status")), Long.parseLong(item.get("version").n()),
                Instant.parse(text(item, "createdAt")), Instant.parse(text(item, "updatedAt")),
                Optional.ofNullable(item.get("reason")).map(AttributeValue::s));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
