package dev.ferry.functions.events;

/**
 * {@code dev.ferry.payments.DepositRequested.v1}: the command AccountsApi puts on {@code account-commands.fifo}
 * for DepositWorker. {@code depositId} is derived from the account and the request's Idempotency-Key, so a
 * repeated request names the same deposit and the worker applies it once.
 */
public record DepositRequested(String depositId, String accountId, String amount, String currency) {
}
