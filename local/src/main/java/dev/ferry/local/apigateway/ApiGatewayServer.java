package dev.ferry.local.apigateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.local.http.LoopbackHttpServer;
import dev.ferry.local.deployment.ApiSpec;
import dev.ferry.local.lambda.FunctionInvoker;
import dev.ferry.local.lambda.InvocationSource;
import dev.ferry.local.lambda.InvokeResult;
import dev.ferry.local.lambda.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One REST API (Lambda proxy integrations) served over HTTP on 127.0.0.1, at
 * {@code http://127.0.0.1:PORT/<stage>/...} and, as LocalStack spells it,
 * {@code http://127.0.0.1:PORT/restapis/<id>/<stage>/_user_request_/...}.
 *
 * <p>Requests become the API Gateway proxy event (version 1.0) and the function's response is mapped back.
 * API Gateway's own answers are kept: {@code 403 Missing Authentication Token} for an unknown resource,
 * method or stage; {@code 400 Missing required request parameters} when a required header is absent;
 * {@code 502 Internal server error} when the function fails or its response is malformed;
 * {@code 504 Endpoint request timed out} after 29 s; {@code 413} above 10 MB.
 */
public final class ApiGatewayServer implements AutoCloseable {
    static final int MAX_PAYLOAD = 10 * 1024 * 1024;
    static final Duration INTEGRATION_TIMEOUT = Duration.ofSeconds(29);
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    private final ApiSpec spec;
    private final FunctionInvoker invoker;
    private final RouteTable routes;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Duration timeout;

    private ApiGatewayServer(ApiSpec spec, FunctionInvoker invoker, int port, Duration timeout) throws IOException {
        this.spec = spec;
        this.invoker = invoker;
        this.timeout = timeout;
        this.routes = new RouteTable(spec.routes());
        this.server = LoopbackHttpServer.create(port, 0);
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    /** Serves the API on a free loopback port. */
    public static ApiGatewayServer start(ApiSpec spec, FunctionInvoker invoker) {
        return start(spec, invoker, 0, INTEGRATION_TIMEOUT);
    }

    public static ApiGatewayServer start(ApiSpec spec, FunctionInvoker invoker, int port, Duration integrationTimeout) {
        try {
            return new ApiGatewayServer(spec, invoker, port, integrationTimeout);
        } catch (IOException e) {
            throw new UncheckedIOException("API " + spec.name() + " could not listen on 127.0.0.1:" + port
                    + " (port taken? use 0 for any free port)", e);
        }
    }

    public ApiSpec spec() {
        return spec;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT/<stage>} */
    public URI stageUrl() {
        return URI.create("http://127.0.0.1:" + port() + "/" + spec.stageName());
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String requestId = UUID.randomUUID().toString();
            try {
                handle(exchange, requestId);
            } catch (RuntimeException e) {
                send(exchange, requestId, 500, "{\"message\": \"Internal server error\"}", Optional.empty());
            }
        }
    }

    private void handle(HttpExchange exchange, String requestId) throws IOException {
        String rawPath = exchange.getRequestURI().getRawPath();
        Optional<String> below = belowStage(rawPath);
        if (below.isEmpty()) {
            missingToken(exchange, requestId);
            return;
        }
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        // The raw path: routes match on it and the event carries it, as API Gateway's REST APIs do (RouteTable).
        String path = below.get();
        Optional<RouteTable.Match> match = routes.match(method, path);
        if (match.isEmpty()) {
            missingToken(exchange, requestId);
            return;
        }
        byte[] body = readLimited(exchange.getRequestBody());
        if (body == null) {
            send(exchange, requestId, 413, "{\"message\":\"Request Too Long\"}", Optional.of("RequestEntityTooLargeException"));
            return;
        }
        Map<String, List<String>> headers = headers(exchange);
        List<String> missing = new ArrayList<>();
        for (String required : match.get().route().requiredHeaders()) {
            if (headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase(required))) {
                missing.add(required);
            }
        }
        if (!missing.isEmpty()) {
            send(exchange, requestId, 400, "{\"message\": \"Missing required request parameters: ["
                    + String.join(", ", missing) + "]\"}", Optional.of("BadRequestException"));
            return;
        }
        ObjectNode event = event(exchange, requestId, method, path, match.get(), headers, body);
        byte[] payload = Json.write(event).getBytes(StandardCharsets.UTF_8);
        String functionArn = match.get().route().functionArn();
        CompletableFuture<InvokeResult> call = CompletableFuture.supplyAsync(
                () -> invoker.invoke(functionArn, payload, InvocationSource.SYNC), executor);
        InvokeResult result;
        try {
            result = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            send(exchange, requestId, 504, "{\"message\": \"Endpoint request timed out\"}", Optional.empty());
            return;
        } catch (ExecutionException e) {
            send(exchange, requestId, 500, "{\"message\": \"Internal server error\"}", Optional.empty());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        switch (result) {
            case InvokeResult.Success s -> {
                Optional<ProxyResponse> response = ProxyResponse.parse(s.payload());
                if (response.isEmpty()) {
                    send(exchange, requestId, 502, "{\"message\": \"Internal server error\"}", Optional.empty());
                    return;
                }
                respond(exchange, requestId, response.get());
            }
            case InvokeResult.FunctionError e ->
                    send(exchange, requestId, 502, "{\"message\": \"Internal server error\"}", Optional.empty());
            case InvokeResult.Throttled t ->
                    send(exchange, requestId, 500, "{\"message\": \"Internal server error\"}", Optional.empty());
            case InvokeResult.Rejected r ->
                    send(exchange, requestId, 500, "{\"message\": \"Internal server error\"}", Optional.empty());
        }
    }

    /** The path below the stage, or empty when the URL names no stage of this API. */
    private Optional<String> belowStage(String rawPath) {
        String[] parts = rawPath.split("/", -1);
        // parts[0] is "" (the path starts with "/")
        if (parts.length >= 5 && parts[1].equals("restapis")) {
            if (parts[2].equals(spec.restApiId()) && parts[3].equals(spec.stageName()) && parts[4].equals("_user_request_")) {
                return Optional.of("/" + String.join("/", java.util.Arrays.copyOfRange(parts, 5, parts.length)));
            }
            return Optional.empty();
        }
        if (parts.length >= 2 && parts[1].equals(spec.stageName())) {
            return Optional.of("/" + String.join("/", java.util.Arrays.copyOfRange(parts, 2, parts.length)));
        }
        return Optional.empty();
    }

    private ObjectNode event(HttpExchange exchange, String requestId, String method, String path,
                             RouteTable.Match match, Map<String, List<String>> headers, byte[] body) {
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.put("resource", match.route().resourcePath());
        e.put("path", path);
        e.put("httpMethod", method);
        if (headers.isEmpty()) {
            e.putNull("headers");
            e.putNull("multiValueHeaders");
        } else {
            ObjectNode single = e.putObject("headers");
            ObjectNode multi = e.putObject("multiValueHeaders");
            headers.forEach((name, values) -> {
                single.put(name, values.getLast());
                ArrayNode a = multi.putArray(name);
                values.forEach(a::add);
            });
        }
        Map<String, List<String>> query = query(exchange.getRequestURI().getRawQuery());
        if (query.isEmpty()) {
            e.putNull("queryStringParameters");
            e.putNull("multiValueQueryStringParameters");
        } else {
            ObjectNode single = e.putObject("queryStringParameters");
            ObjectNode multi = e.putObject("multiValueQueryStringParameters");
            query.forEach((name, values) -> {
                single.put(name, values.getLast());
                ArrayNode a = multi.putArray(name);
                values.forEach(a::add);
            });
        }
        if (match.pathParameters().isEmpty()) {
            e.putNull("pathParameters");
        } else {
            ObjectNode p = e.putObject("pathParameters");
            match.pathParameters().forEach(p::put);
        }
        e.putNull("stageVariables");
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        ObjectNode ctx = e.putObject("requestContext");
        ctx.put("resourceId", Integer.toHexString(match.route().resourcePath().hashCode() & 0xffffff));
        ctx.put("resourcePath", match.route().resourcePath());
        ctx.put("httpMethod", method);
        ctx.put("extendedRequestId", requestId.substring(0, 8) + "=");
        ctx.put("requestTime", REQUEST_TIME.format(now));
        ctx.put("path", "/" + spec.stageName() + path);
        ctx.put("accountId", "000000000000");
        ctx.put("protocol", exchange.getProtocol());
        ctx.put("stage", spec.stageName());
        ctx.put("domainPrefix", "127");
        ctx.put("requestTimeEpoch", now.toInstant().toEpochMilli());
        ctx.put("requestId", requestId);
        ObjectNode identity = ctx.putObject("identity");
        Optional<SignedCaller> signer = SignedCaller.of(headers.entrySet().stream()
                .filter(h -> h.getKey().equalsIgnoreCase("Authorization")).findFirst().map(h -> h.getValue().getLast()));
        identity.putNull("cognitoIdentityPoolId");
        signer.ifPresentOrElse(c -> identity.put("accountId", SignedCaller.LOCAL_ACCOUNT), () -> identity.putNull("accountId"));
        identity.putNull("cognitoIdentityId");
        signer.ifPresentOrElse(c -> identity.put("caller", c.accessKeyId()), () -> identity.putNull("caller"));
        identity.put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        identity.putNull("principalOrgId");
        signer.ifPresentOrElse(c -> identity.put("accessKey", c.accessKeyId()), () -> identity.putNull("accessKey"));
        identity.putNull("cognitoAuthenticationType");
        identity.putNull("cognitoAuthenticationProvider");
        signer.ifPresentOrElse(c -> identity.put("userArn", c.userArn()), () -> identity.putNull("userArn"));
        headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("User-Agent")).findFirst()
                .ifPresentOrElse(h -> identity.put("userAgent", h.getValue().getLast()), () -> identity.putNull("userAgent"));
        signer.ifPresentOrElse(c -> identity.put("user", c.accessKeyId()), () -> identity.putNull("user"));
        ctx.put("domainName", "127.0.0.1:" + port());
        ctx.put("apiId", spec.restApiId());
        if (body.length == 0) {
            e.putNull("body");
            e.put("isBase64Encoded", false);
        } else if (isText(contentType(headers))) {
            e.put("body", new String(body, StandardCharsets.UTF_8));
            e.put("isBase64Encoded", false);
        } else {
            e.put("body", Base64.getEncoder().encodeToString(body));
            e.put("isBase64Encoded", true);
        }
        return e;
    }

    private static String contentType(Map<String, List<String>> headers) {
        return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("Content-Type"))
                .map(h -> h.getValue().getLast()).findFirst().orElse("");
    }

    /** Content types passed to the function as text; every other body arrives base64-encoded. */
    static boolean isText(String contentType) {
        String ct = contentType.toLowerCase(Locale.ROOT).split(";")[0].trim();
        return ct.isEmpty() || ct.startsWith("text/") || ct.equals("application/json") || ct.endsWith("+json")
                || ct.equals("application/xml") || ct.endsWith("+xml") || ct.equals("application/javascript")
                || ct.equals("application/x-www-form-urlencoded") || ct.equals("application/graphql");
    }

    /**
     * The request headers. The JDK server lower-cases header names after their first letter, so names are
     * given back in the usual capitalization ({@code Idempotency-Key}, {@code Content-Type}): the casing the
     * client used is not known.
     */
    private static Map<String, List<String>> headers(HttpExchange exchange) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> out.put(canonical(name), new ArrayList<>(values)));
        return out;
    }

    static String canonical(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            sb.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return sb.toString();
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static byte[] readLimited(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            if (out.size() > MAX_PAYLOAD) {
                in.transferTo(OutputStream.nullOutputStream());
                return null;
            }
        }
        return out.toByteArray();
    }

    private void missingToken(HttpExchange exchange, String requestId) throws IOException {
        send(exchange, requestId, 403, "{\"message\":\"Missing Authentication Token\"}",
                Optional.of("MissingAuthenticationTokenException"));
    }

    private void send(HttpExchange exchange, String requestId, int status, String json, Optional<String> errorType)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        errorType.ifPresent(t -> exchange.getResponseHeaders().set("x-amzn-ErrorType", t));
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void respond(HttpExchange exchange, String requestId, ProxyResponse response) throws IOException {
        var h = exchange.getResponseHeaders();
        response.headers().forEach((name, values) -> values.forEach(v -> h.add(name, v)));
        if (!h.containsKey("Content-Type")) {
            h.set("Content-Type", "application/json");
        }
        h.set("x-amzn-RequestId", requestId);
        boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        boolean noBody = response.body().length == 0 || head || response.statusCode() == 204 || response.statusCode() == 304;
        exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : response.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
