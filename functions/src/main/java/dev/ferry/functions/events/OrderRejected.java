package dev.ferry.functions.events;

/** {@code dev.ferry.orders.OrderRejected.v1}: the order will not be fulfilled; {@code reason} says why. */
public record OrderRejected(String orderId, String accountId, String reason) {
}
