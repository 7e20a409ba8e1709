package dev.ferry.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** An HTTP response: status, headers (case-insensitive lookups) and a text body. */
public record HttpResponse(int status, Map<String, String> headers, String body) {

    public HttpResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status must be 100..599, got " + status);
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        body = body == null ? "" : body;
    }

    public static HttpResponse json(int status, String json) {
        return new HttpResponse(status, Map.of("Content-Type", "application/json"), json);
    }

    public Optional<String> header(String name) {
        return Headers.find(headers, name);
    }

    public HttpResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.keySet().removeIf(k -> k.equalsIgnoreCase(name));
        copy.put(name, value);
        return new HttpResponse(status, copy, body);
    }
}
