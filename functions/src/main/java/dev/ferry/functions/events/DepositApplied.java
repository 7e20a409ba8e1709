package dev.ferry.functions.events;

/** {@code dev.ferry.payments.DepositApplied.v1}: a deposit was added to the balance, once. */
public record DepositApplied(String accountId, String depositId, String amount, String balanceAfter) {
}
