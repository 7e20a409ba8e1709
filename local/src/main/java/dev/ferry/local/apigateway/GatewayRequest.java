package dev.ferry.local.apigateway;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One request as the API front sees it, before it decides who answers: what the proxy event carries and
 * what a gateway response may draw on ({@code $context} variables and method request parameters).
 *
 * @param path        the raw (percent-encoded) path below the stage, or the whole raw path when the URL names no
 *                    stage of the API
 * @param contextPath {@code requestContext.path}: the stage and the path as the client sent them
 *                    ({@code /dev/orders/o%2F1}), or the whole raw path when the URL names no stage of the API
 * @param headers     names in the usual capitalization, values in arrival order
 * @param match       the route, when one matched
 */
record GatewayRequest(String requestId, ZonedDateTime time, String method, String path, String contextPath,
                      String stage, String apiId, String domainName, String protocol, String sourceIp,
                      Map<String, List<String>> headers, Map<String, List<String>> query,
                      Optional<RouteTable.Match> match) {

    static final String ACCOUNT = SignedCaller.LOCAL_ACCOUNT;
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    GatewayRequest {
        // Arrival order, which the proxy event keeps.
        headers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
        query = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(query));
    }

    /** A request header's last value; names compare case-insensitively, as HTTP's do. */
    Optional<String> header(String name) {
        return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                .map(h -> h.getValue().getLast()).findFirst();
    }

    /** The media types of the {@code Accept} header, without parameters, in the client's order. */
    List<String> accepted() {
        return header("Accept").stream()
                .flatMap(accept -> java.util.Arrays.stream(accept.split(",")))
                .map(type -> type.split(";")[0].strip().toLowerCase(Locale.ROOT))
                .filter(type -> !type.isEmpty())
                .toList();
    }

    /** The media type of the body, without parameters, lower case; empty when the request names none. */
    Optional<String> mediaType() {
        return header("Content-Type").map(type -> type.split(";")[0].strip().toLowerCase(Locale.ROOT))
                .filter(type -> !type.isEmpty());
    }

    Map<String, String> pathParameters() {
        return match.map(RouteTable.Match::pathParameters).orElse(Map.of());
    }

    Optional<SignedCaller> caller() {
        return SignedCaller.of(header("Authorization"));
    }

    String extendedRequestId() {
        return requestId.substring(0, 8) + "=";
    }

    String requestTime() {
        return REQUEST_TIME.format(time);
    }

    /** An id that stays the same for a resource, as API Gateway's resource ids do. */
    static String resourceId(String resourcePath) {
        return Integer.toHexString(resourcePath.hashCode() & 0xffffff);
    }

    /**
     * The {@code $context} variables a gateway response template can use
     * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html),
     * keyed without the {@code $}: {@code context.requestId}, {@code context.identity.sourceIp}, ... Those of the
     * error are the gateway response's to add.
     */
    Map<String, String> contextVariables() {
        Map<String, String> v = new HashMap<>();
        v.put("context.requestId", requestId);
        v.put("context.extendedRequestId", extendedRequestId());
        v.put("context.httpMethod", method);
        v.put("context.stage", stage);
        v.put("context.apiId", apiId);
        v.put("context.accountId", ACCOUNT);
        v.put("context.domainName", domainName);
        v.put("context.domainPrefix", "127");
        v.put("context.protocol", protocol);
        v.put("context.requestTime", requestTime());
        v.put("context.requestTimeEpoch", Long.toString(time.toInstant().toEpochMilli()));
        v.put("context.path", contextPath());
        v.put("context.identity.sourceIp", sourceIp);
        header("User-Agent").ifPresent(agent -> v.put("context.identity.userAgent", agent));
        match.ifPresent(m -> {
            v.put("context.resourcePath", m.route().resourcePath());
            v.put("context.resourceId", resourceId(m.route().resourcePath()));
        });
        caller().ifPresent(c -> {
            v.put("context.identity.accountId", ACCOUNT);
            v.put("context.identity.caller", c.accessKeyId());
            v.put("context.identity.accessKey", c.accessKeyId());
            v.put("context.identity.user", c.accessKeyId());
            v.put("context.identity.userArn", c.userArn());
        });
        return v;
    }
}
