package com.example.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.junit.FerryInject;
import dev.ferry.junit.FerryLocalCloud;
import dev.ferry.junit.FerryService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@FerryLocalCloud(services = FerryService.DYNAMODB)
class OrderRepositoryTest {
    @FerryInject static DynamoDbClient dynamo;

    @BeforeAll
    static void createTable() {
        OrderRepository.createTable(dynamo, "orders");
    }

    @Test
    void aPlacedOrderCanBeReadBack() {
        var orders = new OrderRepository(dynamo, "orders");
        var order = new Order("order-1", "customer-7", 4_200);

        assertThat(orders.place(order)).isEqualTo(new PlaceResult.Placed(order));
        assertThat(orders.find("order-1")).contains(order);
    }

    @Test
    void aSecondOrderWithTheSameIdIsRefusedAndTheFirstIsKept() {
        var orders = new OrderRepository(dynamo, "orders");
        var first = new Order("order-2", "customer-7", 1_000);
        orders.place(first);

        PlaceResult retry = orders.place(new Order("order-2", "customer-9", 99_999));

        assertThat(retry).isEqualTo(new PlaceResult.AlreadyPlaced("order-2"));
        assertThat(orders.find("order-2")).contains(first);
    }

    @Test
    void anOrderNeverPlacedIsNotFound() {
        assertThat(new OrderRepository(dynamo, "orders").find("order-404")).isEmpty();
    }
}
