package dev.ferry.http;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** An HTTP request as an API handler sees it; header names are matched case-insensitively. */
public record HttpRequest(String method, String path, Map<String, String> headers, String body) {

    public HttpRequest {
        method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
        path = path == null ? "/" : path;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        body = body == null ? "" : body;
    }

    public Optional<String> header(String name) {
        return Headers.find(headers, name);
    }
}
