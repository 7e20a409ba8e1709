package dev.ferry.functions.api;

import dev.ferry.http.HttpRequest;
import java.util.Map;

/** A request matched to a route, with the values of the route's {@code {placeholders}}. */
public record ApiRequest(HttpRequest http, Map<String, String> pathParameters) {

    public ApiRequest {
        pathParameters = Map.copyOf(pathParameters);
    }

    /** A path parameter of the matched route; the route guarantees it is there. */
    public String path(String name) {
        String value = pathParameters.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no parameter {" + name + "}");
        }
        return value;
    }
}
