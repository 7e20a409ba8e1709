package dev.ferry.local.apigateway;

import dev.ferry.local.cost.Meter;
import dev.ferry.local.cost.RequestLedger;
import dev.ferry.local.deployment.ApiSpec;
import dev.ferry.local.http.Http1;
import dev.ferry.local.http.Http1Server;
import dev.ferry.local.http.HttpHead;
import dev.ferry.local.lambda.FunctionInvoker;
import dev.ferry.local.lambda.InvocationSource;
import dev.ferry.local.lambda.InvokeResult;
import dev.ferry.local.lambda.TimeoutStretch;
import java.io.IOException;
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
 *
 * <p>Served by Ferry's own {@link Http1Server}, so header names reach the client exactly as the function (or the
 * gateway response) wrote them, and a request the JDK server would have refused itself (a malformed
 * percent-escape) is answered by the front, as API Gateway answers it.
 */
public final class ApiGatewayServer implements AutoCloseable {
    static final int MAX_PAYLOAD = 10 * 1024 * 1024;
    /** API Gateway's integration timeout for REST APIs. */
    public static final Duration INTEGRATION_TIMEOUT = Duration.ofSeconds(29);
    private static final String REQUEST_TOO_LARGE_CODE = "RequestEntityTooLargeException";

    private final ApiSpec spec;
    private final FunctionInvoker invoker;
    private final RouteTable routes;
    private volatile RequestLedger ledger = RequestLedger.discarding();
    private final GatewayResponses gatewayResponses;
    private final RequestModels requestModels;
    private final Http1Server server;
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
        this.server = Http1Server.start(port, Http1.MAX_HEAD, MAX_PAYLOAD, contentTooLong(), "api-" + spec.name(),
                this::serve);
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
        return server.port();
    }

    /** {@code http://127.0.0.1:PORT/<stage>} */
    public URI stageUrl() {
        return URI.create("http://127.0.0.1:" + port() + "/" + spec.stageName());
    }

    /** Counts every request from now on in {@code ledger}, by route and status (an order placed is POST /orders 202). */
    public void meterInto(RequestLedger ledger) {
        this.ledger = ledger;
    }

    private Http1Server.Response serve(Http1Server.Request http) {
        GatewayRequest request = request(http);
        Http1Server.Response response = answer(http, request);
        ledger.add(Meter.API_REQUESTS, request.match().map(m -> m.route().httpMethod() + " " + m.route().resourcePath())
                .orElse("(no route)") + " " + response.status(), 1);
        return response;
    }

    private Http1Server.Response answer(Http1Server.Request http, GatewayRequest request) {
        Outcome outcome;
        try {
            outcome = malformedEscape(http.target()) ? new Outcome.Refused(GatewayError.malformedUrl())
                    : outcome(request, http.body());
        } catch (RuntimeException e) {
            outcome = new Outcome.Refused(GatewayError.internalError());
        }
        if (outcome instanceof Outcome.Proxied p) {
            try {
                return respond(request.requestId(), p.response());
            } catch (IllegalArgumentException e) {
                // A header name or value that cannot go on the wire (a line break in a value): a malformed answer.
                outcome = new Outcome.Refused(GatewayError.badIntegrationResponse());
            }
        }
        return refuse(request, ((Outcome.Refused) outcome).error());
    }

    private GatewayRequest request(Http1Server.Request http) {
        String method = http.method().toUpperCase(Locale.ROOT);
        String rawPath = originForm(http.rawPath());
        String rawQuery = http.rawQuery();
        Optional<String> below = belowStage(rawPath);
        // The raw path: routes match on it and the event carries it, as API Gateway's REST APIs do (RouteTable).
        Optional<RouteTable.Match> match = below.flatMap(path -> routes.match(method, path));
        return new GatewayRequest(UUID.randomUUID().toString(), ZonedDateTime.now(ZoneOffset.UTC), method,
                below.orElse(rawPath), below.map(path -> "/" + spec.stageName() + path).orElse(rawPath), spec.stageName(), spec.restApiId(), "127.0.0.1:" + port(), http.version(),
                http.remoteAddress(), headers(http.headers()),
                malformedEscape(http.target()) ? Map.of() : query(rawQuery), match);
    }

    /** The path of an absolute-form target ({@code http://host/dev/x}) as of an origin-form one ({@code /dev/x}). */
    private static String originForm(String rawPath) {
        int scheme = rawPath.indexOf("://");
        if (scheme > 0 && rawPath.indexOf('/') > scheme) {
            int slash = rawPath.indexOf('/', scheme + 3);
            return slash < 0 ? "/" : rawPath.substring(slash);
        }
        return rawPath;
    }

    /** A {@code %} not followed by two hex digits, in the path or the query. */
    static boolean malformedEscape(String target) {
        for (int i = 0; i < target.length(); i++) {
            if (target.charAt(i) == '%') {
                if (i + 2 >= target.length() || Character.digit(target.charAt(i + 1), 16) < 0
                        || Character.digit(target.charAt(i + 2), 16) < 0) {
                    return true;
                }
                i += 2;
            }
        }
        return false;
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
     * The request headers with the names as the client wrote them, as API Gateway passes them; fields whose names
     * differ only in case are one header (HTTP names are case-insensitive), named as first written.
     */
    private static Map<String, List<String>> headers(List<HttpHead.Field> fields) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Map<String, String> named = new java.util.HashMap<>();
        for (HttpHead.Field f : fields) {
            String name = named.computeIfAbsent(f.name().toLowerCase(Locale.ROOT), lower -> f.name());
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(f.value());
        }
        return out;
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

    /**
     * Above 10 MB API Gateway answers before anything else, in plain text, and its gateway responses do not
     * apply: a captured answer (https://github.com/koki-develop/lgtm-generator/issues/10) and a report that
     * customized 413 responses are ignored (https://github.com/reapit/foundations/issues/4338).
     */
    private static Http1Server.Response contentTooLong() {
        return Http1Server.Response.text(413, "text; charset=utf-8", "HTTP content length exceeded " + MAX_PAYLOAD + " bytes.");
    }

    private Http1Server.Response refuse(GatewayRequest request, GatewayError error) {
        GatewayResponses.Answer answer = gatewayResponses.answer(error, request);
        List<HttpHead.Field> headers = new ArrayList<>();
        answer.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("x-amzn-RequestId")) {
                headers.add(new HttpHead.Field(name, value));
            }
        });
        headers.add(new HttpHead.Field("x-amzn-RequestId", request.requestId()));
        return new Http1Server.Response(answer.status(), headers, answer.body());
    }

    private Http1Server.Response respond(String requestId, ProxyResponse response) {
        List<HttpHead.Field> headers = new ArrayList<>();
        boolean contentType = false;
        for (Map.Entry<String, List<String>> h : response.headers().entrySet()) {
            if (h.getKey().equalsIgnoreCase("x-amzn-RequestId")) {
                continue;
            }
            contentType |= h.getKey().equalsIgnoreCase("Content-Type");
            h.getValue().forEach(v -> headers.add(new HttpHead.Field(h.getKey(), v)));
        }
        if (!contentType) {
            headers.add(new HttpHead.Field("Content-Type", "application/json"));
        }
        headers.add(new HttpHead.Field("x-amzn-RequestId", requestId));
        return new Http1Server.Response(response.statusCode(), headers, response.body());
    }

    @Override
    public void close() {
        server.close();
        executor.shutdownNow();
    }
}
