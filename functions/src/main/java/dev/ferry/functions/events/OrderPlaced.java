package dev.ferry.functions.events;

/** {@code dev.ferry.orders.OrderPlaced.v1}: an order waits for its payment. {@code amount} is a decimal string. */
public record OrderPlaced(String orderId, String accountId, String amount, String currency) {
}
