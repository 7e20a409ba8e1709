package dev.ferry.local.console;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Small readings of what Lambda passes a function, shared by the console and {@code up}'s request log. */
public final class Payloads {
    private Payloads() {}

    /** An event type without its namespace and version: {@code dev.ferry.orders.OrderPlaced.v1} is {@code OrderPlaced}. */
    public static String shortType(String type) {
        String[] parts = type.split("\\.");
        int last = parts.length - 1;
        if (last > 0 && parts[last].matches("v\\d+")) last--;
        return parts[last];
    }

    /** A Kinesis record's data as text; empty when it is not base64. */
    public static String base64Text(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
