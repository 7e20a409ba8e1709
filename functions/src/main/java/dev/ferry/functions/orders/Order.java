package dev.ferry.functions.orders;

import dev.ferry.functions.money.Money;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An order and its state machine: PENDING -> CONFIRMED or PENDING -> REJECTED, each step raising the
 * version by one so a store can apply it with a conditional (versioned) write.
 */
public record Order(String id, String accountId, Money amount, OrderStatus status, long version,
                    Instant createdAt, Instant updatedAt, Optional<String> reason) {

    public Order {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason (use Optional.empty())");
        if (version < 1) {
            throw new IllegalArgumentException("an order's version starts at 1, got " + version);
        }
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("an order's amount must be positive, got " + amount);
        }
    }

    public static Order place(String id, String accountId, Money amount, Instant now) {
        return new Order(id, accountId, amount, OrderStatus.PENDING, 1, now, now, Optional.empty());
    }

    /** The payment went through. */
    public Transition confirm(Instant now) {
        return switch (status) {
            case PENDING -> new Transition.Changed(this, moveTo(OrderStatus.CONFIRMED, Optional.empty(), now));
            case CONFIRMED -> new Transition.Unchanged(this);
            case REJECTED -> new Transition.Illegal(this, "order " + id + " was rejected; a later payment success cannot confirm it");
        };
    }

    /** The payment failed for {@code why}. */
    public Transition reject(String why, Instant now) {
        return switch (status) {
            case PENDING -> new Transition.Changed(this, moveTo(OrderStatus.REJECTED, Optional.of(why), now));
            case REJECTED -> new Transition.Unchanged(this);
            case CONFIRMED -> new Transition.Illegal(this, "order " + id + " is confirmed; a later payment failure cannot reject it");
        };
    }

    private Order moveTo(OrderStatus next, Optional<String> why, Instant now) {
        return new Order(id, accountId, amount, next, version + 1, createdAt, now, why);
    }
}
