package dev.ferry.functions.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Optional;

/**
 * {@code dev.ferry.payments.PaymentSucceeded.v1}: the account was debited once for the order. {@code email}
 * (optional) is the account's address, carried so the confirmation email needs no read of the accounts table.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PaymentSucceeded(String orderId, String accountId, String amount, String currency, String balanceAfter, String email) {

    public Optional<String> emailAddress() {
        return Optional.ofNullable(email).filter(e -> !e.isBlank());
    }
}
