package dev.ferry.functions.events;

/** {@code dev.ferry.telemetry.RequestServed.v1}: one API request, published fire-and-forget to the telemetry topic. */
public record RequestServed(String function, String route, int status, long durationMillis) {
}
