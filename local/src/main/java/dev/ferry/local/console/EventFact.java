package dev.ferry.local.console;

/**
 * One domain event found in what a function was given: its id, its type shortened ({@code OrderPlaced} for
 * {@code dev.ferry.orders.OrderPlaced.v1}) and the correlation id of the request that caused it.
 */
public record EventFact(String id, String type, String correlationId) {}
