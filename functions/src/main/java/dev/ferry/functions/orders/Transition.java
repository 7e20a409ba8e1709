package dev.ferry.functions.orders;

/** What applying a payment outcome to an order means. */
public sealed interface Transition {

    /** The order moves on: store {@code after} if the stored version is still {@code before.version()}. */
    record Changed(Order before, Order after) implements Transition {
    }

    /** The order is already where the outcome would take it: a repeat, nothing to do. */
    record Unchanged(Order order) implements Transition {
    }

    /** The outcome contradicts the order's final state (a rejected order cannot be confirmed). */
    record Illegal(Order order, String reason) implements Transition {
    }
}
