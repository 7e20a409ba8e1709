package dev.ferry.local.lambda.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.local.deployment.EventSourceMappingSpec;
import dev.ferry.local.deployment.FunctionSpec;
import dev.ferry.local.http.LoopbackHttpServer;
import dev.ferry.local.lambda.InvokeResult;
import dev.ferry.local.lambda.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The AWS Lambda API of the local runtime, on a loopback port, for the AWS SDKs ({@code LambdaClient} with
 * {@code endpointOverride}) and the AWS CLI ({@code AWS_ENDPOINT_URL_LAMBDA}). It speaks the service's
 * REST-JSON protocol and serves two operations:
 *
 * <ul>
 *   <li><b>Invoke</b>, {@code POST /2015-03-31/functions/{FunctionName}/invocations}: {@code X-Amz-Invocation-Type}
 *       {@code RequestResponse} (default: 200 with the function's response; a function error adds
 *       {@code X-Amz-Function-Error: Unhandled} and the error document), {@code Event} (202, queued for
 *       asynchronous invocation with its retries and destinations) or {@code DryRun} (204); errors that keep
 *       the function from running are error responses: {@code ResourceNotFoundException} 404,
 *       {@code InvalidRequestContentException} 400 (the payload is not JSON), {@code RequestEntityTooLargeException}
 *       413, {@code TooManyRequestsException} 429.</li>
 *   <li><b>ListEventSourceMappings</b>, {@code GET /2015-03-31/event-source-mappings/}: the deployment's mappings,
 *       selected by {@code FunctionName} and {@code EventSourceArn}.</li>
 * </ul>
 *
 * The socket is bound by {@link #bind} (so its URL can go into the functions' environment) and answers once
 * {@link #start} gives it the runtime.
 */
public final class LambdaApiServer implements AutoCloseable {
    private static final String INVOKE_PREFIX = "/2015-03-31/functions/";
    private static final String INVOKE_SUFFIX = "/invocations";
    private static final String MAPPINGS_PATH = "/2015-03-31/event-source-mappings";
    /** Lambda's limit for RequestResponse payloads; reading stops one byte after it. */
    private static final int SYNC_PAYLOAD_LIMIT = 6 * 1024 * 1024;
    private static final int MAX_LIST_ITEMS = 100;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Instant started = Instant.now();
    private volatile LambdaApiBackend backend;

    private LambdaApiServer(HttpServer server) {
        this.server = server;
        server.setExecutor(executor);
        server.createContext("/", this::serve);
    }

    /** Binds 127.0.0.1:{@code port} (0 for any free port); nothing is answered before {@link #start}. */
    public static LambdaApiServer bind(int port) {
        try {
            return new LambdaApiServer(LoopbackHttpServer.create(port, 0));
        } catch (IOException e) {
            throw new UncheckedIOException("the Lambda API could not listen on 127.0.0.1:" + port
                    + " (port taken? use 0 for any free port)", e);
        }
    }

    /** Starts answering requests with {@code runtime}'s functions. */
    public void start(LambdaApiBackend runtime) {
        this.backend = runtime;
        server.start();
    }

    /** {@code http://127.0.0.1:PORT}: what {@code AWS_ENDPOINT_URL_LAMBDA} is set to. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String requestId = UUID.randomUUID().toString();
            Response response;
            try {
                response = route(exchange, requestId);
            } catch (ApiFailure f) {
                response = Response.error(f.error);
            } catch (RuntimeException e) {
                response = Response.error(new LambdaApiError(500, "ServiceException", "the local Lambda API failed: " + e));
            }
            response.send(exchange, requestId);
        }
    }

    private Response route(HttpExchange exchange, String requestId) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        if (method.equals("POST") && path.startsWith(INVOKE_PREFIX) && path.endsWith(INVOKE_SUFFIX)
                && path.length() > INVOKE_PREFIX.length() + INVOKE_SUFFIX.length()) {
            String functionName = decode(path.substring(INVOKE_PREFIX.length(), path.length() - INVOKE_SUFFIX.length()));
            return invoke(exchange, functionName, requestId);
        }
        if (method.equals("GET") && (path.equals(MAPPINGS_PATH) || path.equals(MAPPINGS_PATH + "/"))) {
            return listEventSourceMappings(query(exchange.getRequestURI()));
        }
        throw new ApiFailure(LambdaApiError.unknownOperation(method, path));
    }

    private Response invoke(HttpExchange exchange, String functionName, String requestId) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI());
        FunctionSpec function = function(functionName, Optional.ofNullable(query.get("Qualifier")));
        String type = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type")).orElse("RequestResponse");
        byte[] payload = payload(exchange.getRequestBody());
        return switch (type) {
            case "RequestResponse" -> answer(backend.invoke(function, payload));
            case "Event" -> {
                if (payload.length > backend.asyncPayloadLimit()) {
                    throw new ApiFailure(LambdaApiError.tooLarge("Request must be smaller than " + backend.asyncPayloadLimit()
                            + " bytes for the InvokeFunction operation"));
                }
                yield Response.accepted(backend.invokeAsync(function, payload));
            }
            case "DryRun" -> Response.empty(204, requestId);
            default -> throw new ApiFailure(LambdaApiError.invalidParameter("X-Amz-Invocation-Type must be RequestResponse, "
                    + "Event or DryRun, not '" + type + "'"));
        };
    }

    /**
     * The payload, which Lambda requires to be JSON. An empty body reaches the function as {@code {}}, as
     * {@code aws lambda invoke} without {@code --payload} does on AWS.
     */
    private static byte[] payload(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(SYNC_PAYLOAD_LIMIT + 1);
        if (bytes.length > SYNC_PAYLOAD_LIMIT) {
            throw new ApiFailure(LambdaApiError.tooLarge("Request must be smaller than " + SYNC_PAYLOAD_LIMIT
                    + " bytes for the InvokeFunction operation"));
        }
        if (bytes.length == 0) return "{}".getBytes(StandardCharsets.UTF_8);
        try {
            Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ApiFailure(LambdaApiError.invalidContent("Could not parse request body into json: Could not parse payload into json: "
                    + e.getOriginalMessage()));
        }
        return bytes;
    }

    private static Response answer(InvokeResult result) {
        return switch (result) {
            case InvokeResult.Success s -> Response.invoked(s.requestId(), s.payload() == null ? "null".getBytes(StandardCharsets.UTF_8) : s.payload(),
                    Optional.empty());
            case InvokeResult.FunctionError e -> Response.invoked(e.requestId(), e.payload().getBytes(StandardCharsets.UTF_8),
                    Optional.of("Unhandled"));
            case InvokeResult.Throttled t -> Response.throttled(t);
            case InvokeResult.Rejected r -> Response.error(new LambdaApiError(LambdaApiError.statusOf(r.errorCode()), r.errorCode(), r.message()));
        };
    }

    /** The function a FunctionName (and Qualifier) names, or the 4xx Lambda answers. */
    private FunctionSpec function(String functionName, Optional<String> qualifierParameter) {
        FunctionReference ref = FunctionReference.parse(functionName).orElseThrow(() -> new ApiFailure(LambdaApiError.validation(
                "1 validation error detected: Value '" + functionName + "' at 'functionName' failed to satisfy constraint: "
                        + "Member must be a function name (my-function), a function ARN "
                        + "(arn:aws:lambda:us-east-1:123456789012:function:my-function) or a partial ARN "
                        + "(123456789012:function:my-function), each optionally followed by :version or :alias")));
        if (ref.qualifier().isPresent() && qualifierParameter.isPresent() && !ref.qualifier().equals(qualifierParameter)) {
            throw new ApiFailure(LambdaApiError.invalidParameter("The derived qualifier from the function name does not match the specified qualifier."));
        }
        return backend.functions().stream().filter(f -> ref.refersTo(f.arn())).findFirst().orElseThrow(() -> {
            String arn = "arn:aws:lambda:" + ref.region().orElse(backend.region()) + ":" + ref.account().orElse(backend.account())
                    + ":function:" + ref.name() + ref.qualifier().or(() -> qualifierParameter).map(q -> ":" + q).orElse("");
            return new ApiFailure(LambdaApiError.functionNotFound(arn));
        });
    }

    private Response listEventSourceMappings(Map<String, String> query) {
        Optional<String> functionName = Optional.ofNullable(query.get("FunctionName"));
        Optional<FunctionReference> ref = functionName.map(n -> FunctionReference.parse(n).orElseThrow(() -> new ApiFailure(
                LambdaApiError.invalidParameter("FunctionName '" + n + "' is neither a function name nor a function ARN"))));
        Optional<String> source = Optional.ofNullable(query.get("EventSourceArn"));
        List<EventSourceMappingSpec> selected = backend.eventSourceMappings().stream()
                .filter(m -> ref.map(r -> r.refersTo(m.functionArn())).orElse(true))
                .filter(m -> source.map(s -> s.equals(m.eventSourceArn())).orElse(true))
                .toList();
        int from = number(query, "Marker", 0);
        int max = Math.min(MAX_LIST_ITEMS, Math.max(1, number(query, "MaxItems", MAX_LIST_ITEMS)));
        ObjectNode body = Json.MAPPER.createObjectNode();
        var list = body.putArray("EventSourceMappings");
        selected.stream().skip(from).limit(max).forEach(m -> list.add(EventSourceMappingDocument.of(m, started)));
        if (from + max < selected.size()) body.put("NextMarker", Integer.toString(from + max));
        return Response.json(200, Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    private static int number(Map<String, String> query, String name, int otherwise) {
        String value = query.get(name);
        if (value == null) return otherwise;
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ApiFailure(LambdaApiError.invalidParameter(name + " must be a number, not '" + value + "'"));
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) return params;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            params.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return params;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Stops answering and releases the port. */
    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    /** A request that ends in an error answer. */
    private static final class ApiFailure extends RuntimeException {
        final LambdaApiError error;

        ApiFailure(LambdaApiError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }

    /** One HTTP answer: status, the headers Lambda adds, and the body. */
    private record Response(int status, Map<String, String> headers, Optional<byte[]> body, Optional<String> requestId) {

        static Response invoked(String requestId, byte[] payload, Optional<String> functionError) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            headers.put("X-Amz-Executed-Version", "$LATEST");
            functionError.ifPresent(e -> headers.put("X-Amz-Function-Error", e));
            return new Response(200, headers, Optional.of(payload), Optional.of(requestId));
        }

        static Response accepted(String requestId) {
            return new Response(202, Map.of(), Optional.empty(), Optional.of(requestId));
        }

        static Response empty(int status, String requestId) {
            return new Response(status, Map.of(), Optional.empty(), Optional.of(requestId));
        }

        static Response json(int status, byte[] body) {
            return new Response(status, Map.of("Content-Type", "application/json"), Optional.of(body), Optional.empty());
        }

        static Response error(LambdaApiError error) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("Type", error.status() >= 500 ? "Service" : "User");
            body.put("Message", error.message());
            return new Response(error.status(), Map.of("Content-Type", "application/json", "X-Amzn-ErrorType", error.type()),
                    Optional.of(Json.write(body).getBytes(StandardCharsets.UTF_8)), Optional.empty());
        }

        static Response throttled(InvokeResult.Throttled t) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("Type", "User");
            body.put("message", t.message());
            body.put("Reason", t.reason());
            return new Response(429, Map.of("Content-Type", "application/json", "X-Amzn-ErrorType", "TooManyRequestsException",
                    "Retry-After", "1"), Optional.of(Json.write(body).getBytes(StandardCharsets.UTF_8)), Optional.of(t.requestId()));
        }

        void send(HttpExchange exchange, String fallbackRequestId) throws IOException {
            headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.getResponseHeaders().set("X-Amzn-RequestId", requestId.orElse(fallbackRequestId));
            if (body.isEmpty()) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, body.get().length);
            exchange.getResponseBody().write(body.get());
        }
    }
}
