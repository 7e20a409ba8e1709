package dev.ferry.local.apigateway;

import dev.ferry.local.deployment.ApiSpec.ApiRoute;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API's resources and methods: matches a request path (below the stage) to a resource path such as
 * {@code /orders/{id}} or {@code /files/{proxy+}}. As in API Gateway, a literal segment wins over a
 * parameter and a parameter over a greedy {@code {name+}}; a method wins over {@code ANY}.
 *
 * <p>Matching works on the path as the client encoded it: an encoded slash ({@code %2F}) stays inside its
 * segment, so {@code /traces/a%2Fb} is one {@code {correlationId}}. Path parameters are handed on still
 * encoded, as a REST API puts them in the proxy event: live captures show {@code path} and
 * {@code pathParameters} percent-encoded (https://github.com/hotsock/voker/blob/main/vokerhttp/testdata/apigwv1-request.json,
 * {@code "pathParameters": {"proxy": "capture/space%20value"}}), and users of REST APIs report
 * {@code %40} arriving as {@code %40} (https://github.com/serverless/serverless/issues/5037). The function
 * decodes each parameter once.
 */
final class RouteTable {
    record Match(ApiRoute route, Map<String, String> pathParameters) {}

    private sealed interface Segment {
        record Literal(String text) implements Segment {}

        record Param(String name) implements Segment {}

        record Greedy(String name) implements Segment {}
    }

    private record Resource(String path, List<Segment> segments, Map<String, ApiRoute> methods) {
        int rank() {
            // More literal segments first, greedy last.
            int literals = (int) segments.stream().filter(s -> s instanceof Segment.Literal).count();
            boolean greedy = !segments.isEmpty() && segments.getLast() instanceof Segment.Greedy;
            return (greedy ? 1_000_000 : 0) - literals * 1000 - segments.size();
        }
    }

    private final List<Resource> resources = new ArrayList<>();

    RouteTable(List<ApiRoute> routes) {
        Map<String, Resource> byPath = new LinkedHashMap<>();
        for (ApiRoute r : routes) {
            Resource res = byPath.computeIfAbsent(normalize(r.resourcePath()),
                    p -> new Resource(p, segments(p), new LinkedHashMap<>()));
            res.methods().put(r.httpMethod().toUpperCase(), r);
        }
        resources.addAll(byPath.values());
        resources.sort(Comparator.comparingInt(Resource::rank));
    }

    private static String normalize(String path) {
        String p = path.startsWith("/") ? path : "/" + path;
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static List<Segment> segments(String path) {
        List<Segment> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (s.isEmpty()) {
                continue;
            }
            if (s.startsWith("{") && s.endsWith("+}")) {
                out.add(new Segment.Greedy(s.substring(1, s.length() - 2)));
            } else if (s.startsWith("{") && s.endsWith("}")) {
                out.add(new Segment.Param(s.substring(1, s.length() - 1)));
            } else {
                out.add(new Segment.Literal(s));
            }
        }
        return out;
    }

    /** The route for a method and a raw (still percent-encoded) path below the stage, with its path parameters. */
    Optional<Match> match(String method, String path) {
        List<String> parts = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                parts.add(s);
            }
        }
        for (Resource r : resources) {
            Map<String, String> params = bind(r.segments(), parts);
            if (params == null) {
                continue;
            }
            ApiRoute route = r.methods().get(method.toUpperCase());
            if (route == null) {
                route = r.methods().get("ANY");
            }
            if (route != null) {
                return Optional.of(new Match(route, params));
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> bind(List<Segment> segments, List<String> parts) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            if (s instanceof Segment.Greedy g) {
                if (i >= parts.size()) {
                    return null;
                }
                params.put(g.name(), String.join("/", parts.subList(i, parts.size())));
                return params;
            }
            if (i >= parts.size()) {
                return null;
            }
            switch (s) {
                case Segment.Literal l -> {
                    if (!l.text().equals(parts.get(i)) && !l.text().equals(decoded(parts.get(i)))) {
                        return null;
                    }
                }
                case Segment.Param p -> params.put(p.name(), parts.get(i));
                case Segment.Greedy g -> throw new IllegalStateException("handled above");
            }
        }
        return segments.size() == parts.size() ? params : null;
    }

    /**
     * A segment percent-decoded, for comparing with a literal resource segment (a client may encode
     * characters that need no encoding); the segment itself when it is not valid percent-encoding.
     */
    private static String decoded(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notEncoding) {
            return segment;
        }
    }
}
