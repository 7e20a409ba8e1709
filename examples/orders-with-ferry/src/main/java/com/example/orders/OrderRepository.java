package com.example.orders;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Orders in a DynamoDB table keyed by order id. Placing is a conditional put, so a client that retries a request
 * (or sends it twice) cannot overwrite the order the first attempt stored.
 */
public final class OrderRepository {
    private final DynamoDbClient dynamo;
    private final String table;

    public OrderRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
    }

    /** Creates the table as the infrastructure code declares it (tests and local runs). */
    public static void createTable(DynamoDbClient dynamo, String table) {
        dynamo.createTable(t -> t.tableName(table)
                .keySchema(k -> k.attributeName("orderId").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("orderId").attributeType(ScalarAttributeType.S))
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    public PlaceResult place(Order order) {
        try {
            dynamo.putItem(p -> p.tableName(table)
                    .item(Map.of(
                            "orderId", AttributeValue.fromS(order.orderId()),
                            "customerId", AttributeValue.fromS(order.customerId()),
                            "totalCents", AttributeValue.fromN(Long.toString(order.totalCents()))))
                    .conditionExpression("attribute_not_exists(orderId)"));
            return new PlaceResult.Placed(order);
        } catch (ConditionalCheckFailedException exists) {
            return new PlaceResult.AlreadyPlaced(order.orderId());
        }
    }

    public Optional<Order> find(String orderId) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table)
                .key(Map.of("orderId", AttributeValue.fromS(orderId)))
                .consistentRead(true)).item();
        if (item.isEmpty()) return Optional.empty();
        return Optional.of(new Order(item.get("orderId").s(), item.get("customerId").s(),
                Long.parseLong(item.get("totalCents").n())));
    }
}
