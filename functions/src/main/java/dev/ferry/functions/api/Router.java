package dev.ferry.functions.api;

import dev.ferry.http.HttpRequest;
import dev.ferry.http.HttpResponse;
import dev.ferry.http.Problem;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Routes a request by method and path template ({@code /orders/{id}}). Matching uses the request path, so
 * it works the same whether API Gateway, the local cloud or a test built the event. Unknown paths get 404,
 * known paths with another method 405 with {@code Allow}.
 */
public final class Router {

    private record Route(String method, String template, List<String> segments, Function<ApiRequest, HttpResponse> action) {
    }

    private final List<Route> routes = new ArrayList<>();

    public Router route(String method, String template, Function<ApiRequest, HttpResponse> action) {
        routes.add(new Route(method, template, segments(template), action));
        return this;
    }

    /** The route template a request matches ({@code POST /orders/{id}}), for telemetry and logs. */
    public String describe(HttpRequest request) {
        for (Route route : routes) {
            if (route.method().equals(request.method()) && match(route.segments(), segments(request.path())).isPresent()) {
                return route.method() + " " + route.template();
            }
        }
        return request.method() + " (unrouted)";
    }

    public HttpResponse dispatch(HttpRequest request) {
        List<String> path = segments(request.path());
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Optional<Map<String, String>> parameters = match(route.segments(), path);
            if (parameters.isEmpty()) {
                continue;
            }
            if (route.method().equals(request.method())) {
                return route.action().apply(new ApiRequest(request, parameters.get()));
            }
            allowed.add(route.method());
        }
        if (!allowed.isEmpty()) {
            return Problem.of("method-not-allowed", "Method not allowed", 405,
                            request.method() + " is not supported on " + request.path() + "; use " + String.join(", ", allowed))
                    .at(request.path()).toResponse().withHeader("Allow", String.join(", ", allowed));
        }
        return Problem.notFound("There is no resource at " + request.path()).at(request.path()).toResponse();
    }

    private static Optional<Map<String, String>> match(List<String> template, List<String> path) {
        if (template.size() != path.size()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String t = template.get(i);
            if (t.startsWith("{") && t.endsWith("}")) {
                try {
                    parameters.put(t.substring(1, t.length() - 1), decode(path.get(i)));
                } catch (IllegalArgumentException badEscape) {
                    return Optional.empty(); // "%zz" names no resource
                }
            } else if (!t.equals(path.get(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }

    /**
     * A path segment as the client meant it: percent-decoded once (API Gateway passes REST path parameters
     * encoded). A literal {@code +} is a plus in a path, not a space as in a form, so it is kept.
     */
    static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                segments.add(s);
            }
        }
        return segments;
    }
}
