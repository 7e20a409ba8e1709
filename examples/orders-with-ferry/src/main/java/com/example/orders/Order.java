package com.example.orders;

import java.util.Objects;

/** An order as the shop takes it: who ordered, and the total in cents. */
public record Order(String orderId, String customerId, long totalCents) {
    public Order {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(customerId, "customerId");
        if (totalCents <= 0) throw new IllegalArgumentException("an order's total must be positive, was " + totalCents);
    }
}
