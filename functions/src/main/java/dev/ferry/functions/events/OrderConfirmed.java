package dev.ferry.functions.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Optional;

/** {@code dev.ferry.orders.OrderConfirmed.v1}: paid and confirmed; {@code email} (optional) receives the confirmation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderConfirmed(String orderId, String accountId, String amount, String currency, String email) {

    public Optional<String> emailAddress() {
        return Optional.ofNullable(email).filter(e -> !e.isBlank());
    }
}
