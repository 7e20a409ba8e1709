package dev.ferry.http;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP request as an API handler sees it; header names are matched case-insensitively. {@code caller}
 * is who signed it (anonymous when nobody did).
 */
public record HttpRequest(String method, String path, Map<String, String> headers, String body, Caller caller) {

    public HttpRequest {
        method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
        path = path == null ? "/" : path;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        body = body == null ? "" : body;
        Objects.requireNonNull(caller, "caller (use Caller.anonymous())");
    }

    /** An anonymous request. */
    public HttpRequest(String method, String path, Map<String, String> headers, String body) {
        this(method, path, headers, body, Caller.anonymous());
    }

    public Optional<String> header(String name) {
        return Headers.find(headers, name);
    }

    public HttpRequest withCaller(Caller who) {
        return new HttpRequest(method, path, headers, body, who);
    }
}
