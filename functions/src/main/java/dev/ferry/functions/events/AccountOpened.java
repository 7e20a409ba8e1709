package dev.ferry.functions.events;

/** {@code dev.ferry.payments.AccountOpened.v1}: an account exists; the welcome email goes to {@code email}. */
public record AccountOpened(String accountId, String owner, String email, String currency) {
}
