package dev.ferry.local.apigateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.local.http.LoopbackHttpServer;
import dev.ferry.local.deployment.ApiSpec;
import dev.ferry.local.lambda.FunctionInvoker;
import dev.ferry.local.lambda.InvocationSource;
import dev.ferry.local.lambda.InvokeResult;
import dev.ferry.local.lambda.TimeoutStretch;
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
import java.util.ArrayList;
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
 * Where API Gateway answers itself, so does the front, shaped by the API's gateway responses
 * ({@link GatewayResponses}): {@code 403 Missing Authentication Token} for an unknown resource, method or
 * stage; {@code 400} when a required header is absent or blank or the body does not satisfy the method's
 * model ({@link RequestModels}); {@code 413 Request Too Long} when the proxy
 * event is too large for Lambda; {@code 500} when Lambda refuses the invocation; {@code 502} when the
 * function fails or its response is malformed; {@code 504} after the integration timeout. Bodies above
 * 10 MB are refused before anything else, in the plain text API Gateway uses there.
 */
public final class ApiGatewayServer implements AutoCloseable {
    static final int MAX_PAYLOAD = 10 * 1024 * 1024;
    /** API Gateway's integration timeout for REST APIs. */
    public static final Duration INTEGRATION_TIMEOUT = Duration.ofSeconds(29);
    private static final String REQUEST_TOO_LARGE_CODE = "RequestEntityTooLargeException";

    private final ApiSpec spec;
    private final FunctionInvoker invoker;
    private final RouteTable routes;
    private final GatewayResponses gatewayResponses;
    private final RequestModels requestModels;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Duration timeout;

    /** Who answers a request: the function (its proxy response) or the front itself. */
    private sealed interface Outcome {
        record Proxied(ProxyResponse response) implements Outcome {}

        record Refused(GatewayError error) implements Outcome {}
    }

    private ApiGatewayServer(ApiSpec spec, FunctionInvoker invoker, int port, Duration timeout) throws IOException {
        this.spec = spec;
        this.invoker = invoker;
        this.timeout = timeout;
        this.routes = new RouteTable(spec.routes());
        this.gatewayResponses = new GatewayResponses(spec.gatewayResponses());
        this.requestModels = new RequestModels(spec.routes());
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
            GatewayRequest request = request(exchange);
            Outcome outcome;
            try {
                byte[] body = readLimited(exchange.getRequestBody());
                if (body == null) {
                    contentTooLong(exchange);
                    return;
                }
                outcome = outcome(request, body);
            } catch (RuntimeException e) {
                outcome = new Outcome.Refused(GatewayError.internalError());
            }
            switch (outcome) {
                case Outcome.Proxied p -> respond(exchange, request.requestId(), p.response());
                case Outcome.Refused r -> refuse(exchange, request, r.error());
            }
        }
    }

    private GatewayRequest request(HttpExchange exchange) {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String rawPath = exchange.getRequestURI().getRawPath();
        Optional<String> below = belowStage(rawPath);
        // The raw path: routes match on it and the event carries it, as API Gateway's REST APIs do (RouteTable).
        Optional<RouteTable.Match> match = below.flatMap(path -> routes.match(method, path));
        return new GatewayRequest(UUID.randomUUID().toString(), ZonedDateTime.now(ZoneOffset.UTC), method,
                below.orElse(rawPath), below.map(path -> "/" + spec.stageName() + path).orElse(rawPath), spec.stageName(), spec.restApiId(), "127.0.0.1:" + port(), exchange.getProtocol(),
                exchange.getRemoteAddress().getAddress().getHostAddress(), headers(exchange),
                query(exchange.getRequestURI().getRawQuery()), match);
    }

    private Outcome outcome(GatewayRequest request, byte[] body) {
        if (request.match().isEmpty()) {
            return new Outcome.Refused(GatewayError.missingAuthenticationToken());
        }
        RouteTable.Match match = request.match().get();
        List<String> missing = match.route().requiredHeaders().stream()
                .filter(required -> request.header(required).filter(value -> !value.isBlank()).isEmpty())
                .toList();
        if (!missing.isEmpty()) {
            // "included and not blank": https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html
            return new Outcome.Refused(GatewayError.missingParameters(missing));
        }
        Optional<GatewayError> invalidBody = requestModels.check(match.route(), request, body);
        if (invalidBody.isPresent()) {
            return new Outcome.Refused(invalidBody.get());
        }
        byte[] payload = ProxyEvent.of(request, match, body);
        String functionArn = match.route().functionArn();
        CompletableFuture<InvokeResult> call = CompletableFuture.supplyAsync(
                () -> invoker.invoke(functionArn, payload, InvocationSource.SYNC), executor);
        InvokeResult result;
        try {
            // Stretched like the function's own timeout, or a busy machine would end the call before the function.
            result = call.get(TimeoutStretch.ofThisMachine().apply(timeout).enforced().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new Outcome.Refused(GatewayError.integrationTimeout());
        } catch (ExecutionException e) {
            return new Outcome.Refused(GatewayError.internalError());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Refused(GatewayError.internalError());
        }
        return switch (result) {
            case InvokeResult.Success s -> ProxyResponse.parse(s.payload()).<Outcome>map(Outcome.Proxied::new)
                    .orElseGet(() -> new Outcome.Refused(GatewayError.badIntegrationResponse()));
            case InvokeResult.FunctionError e -> new Outcome.Refused(GatewayError.badIntegrationResponse());
            case InvokeResult.Throttled t -> new Outcome.Refused(GatewayError.integrationFailure());
            case InvokeResult.Rejected r when r.errorCode().equals(REQUEST_TOO_LARGE_CODE) ->
                    new Outcome.Refused(GatewayError.requestTooLong());
            case InvokeResult.Rejected r -> new Outcome.Refused(GatewayError.integrationFailure());
        };
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

    /**
     * Above 10 MB API Gateway answers before anything else, in plain text, and its gateway responses do not
     * apply: a captured answer (https://github.com/koki-develop/lgtm-generator/issues/10) and a report that
     * customized 413 responses are ignored (https://github.com/reapit/foundations/issues/4338).
     */
    private static void contentTooLong(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text; charset=utf-8");
        byte[] bytes = ("HTTP content length exceeded " + MAX_PAYLOAD + " bytes.").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(413, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void refuse(HttpExchange exchange, GatewayRequest request, GatewayError error) throws IOException {
        GatewayResponses.Answer answer = gatewayResponses.answer(error, request);
        var h = exchange.getResponseHeaders();
        answer.headers().forEach(h::set);
        h.set("x-amzn-RequestId", request.requestId());
        boolean noBody = answer.body().length == 0 || request.method().equals("HEAD");
        exchange.sendResponseHeaders(answer.status(), noBody ? -1 : answer.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
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
