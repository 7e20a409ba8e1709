package dev.ferry.functions.events;

/** {@code dev.ferry.payments.PaymentFailed.v1}: the order could not be paid; {@code reason} says why. */
public record PaymentFailed(String orderId, String accountId, String amount, String currency, String reason) {
}
