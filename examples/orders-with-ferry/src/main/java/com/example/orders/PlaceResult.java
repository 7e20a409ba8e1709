package com.example.orders;

/** What placing an order did: stored it, or found an order with that id already there and left it alone. */
public sealed interface PlaceResult {
    record Placed(Order order) implements PlaceResult {}

    record AlreadyPlaced(String orderId) implements PlaceResult {}
}
