package dev.ferry.functions.orders;

/** PENDING until the payment outcome arrives, then CONFIRMED or REJECTED for good. */
public enum OrderStatus {
    PENDING, CONFIRMED, REJECTED
}
