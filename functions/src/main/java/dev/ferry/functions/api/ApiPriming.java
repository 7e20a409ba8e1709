package dev.ferry.functions.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.aws.AwsClients;
import dev.ferry.functions.Environment;
import dev.ferry.functions.events.RequestServed;
import dev.ferry.logging.JsonLogger;
import dev.ferry.logging.Logs;
import dev.ferry.metrics.EmfMetrics;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming of an API function: CRaC runtime hooks that run the function's request path once before Lambda
 * takes the snapshot, so that what the first requests would load and initialise (the SDK's marshalling, endpoint rules,
 * signing and answer parsing, Jackson's serializers of the toolkit's types, the function's own routes and tables) is
 * already in it. Lambda's Java runtime calls {@link #beforeCheckpoint} when it creates the snapshot of a published
 * version and {@link #afterRestore} in each execution environment it resumes from it ("Lambda SnapStart runtime hooks
 * for Java", https://docs.aws.amazon.com/lambda/latest/dg/snapstart-runtime-hooks-java.html); AWS recommends priming
 * with such dummy invocations ("Maximize Lambda SnapStart performance", snapstart-best-practices.html).
 *
 * <p><b>What runs.</b> A copy of the function's pipeline (routes, tables, idempotency, outbox: everything its handler
 * runs) built on {@link AwsClients#offline offline clients}: each request is marshalled, its endpoint resolved and it
 * is signed, then {@link CannedHttpClient} answers it with its protocol's empty success without a network. The copy
 * serves the function's priming requests, each parsed with Jackson from the JSON API Gateway sends and its answer
 * written back to JSON, as the runtime does with the handler's request and response types; then a telemetry publisher
 * of its own sends one {@code RequestServed} (SNS {@code PublishBatch}, the query protocol) and stops. The copy and its
 * clients are dropped before the snapshot.
 *
 * <p><b>Why not the function's own clients, nor a real call.</b> A real call would need the tables during the
 * publication of a version, write or read real data, resolve the execution role's credentials into the snapshot and
 * open a connection the restored environments would find stale (Lambda restores the memory, not the network:
 * "Maximize Lambda SnapStart performance", networking). A request marshalled and signed but never sent exercises the
 * same code with none of that. The function's own clients, telemetry thread and credentials provider are untouched,
 * so nothing of a request's state is shared by the environments restored from one snapshot.
 *
 * <p><b>After restore</b> nothing is refreshed, because nothing needs it: priming captured no credentials, connection,
 * id or seed. The ids the functions generate (correlation, envelope, idempotency tokens) come from
 * {@code UUID.randomUUID()}, i.e. {@code java.security.SecureRandom}, which Lambda lists among the generators that keep
 * their uniqueness across restores ("Handling uniqueness with Lambda SnapStart",
 * https://docs.aws.amazon.com/lambda/latest/dg/snapstart-uniqueness.html); nothing in the functions seeds a
 * {@code java.util.Random} or caches an id at init. {@link #afterRestore} only logs.
 *
 * <p>Priming never fails the snapshot: a failure is logged, and the snapshot is then only less warm.
 */
public final class ApiPriming implements Resource {

    private static final JsonLogger LOG = Logs.get(ApiPriming.class);
    private static final ObjectMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** One request of the function's priming set, as API Gateway would send it. */
    public record Request(String method, String path, String body) {
        public static Request get(String path) {
            return new Request("GET", path, null);
        }

        public static Request post(String path, String body) {
            return new Request("POST", path, body);
        }
    }

    /** What a priming did: each request's status, the SDK operations answered offline, how long it took. */
    public record Report(List<Integer> statuses, List<String> operations, Duration took) {}

    private final String function;
    private final Map<String, String> environment;
    private final BiFunction<AwsClients, Telemetry, ApiPipeline> pipeline;
    private final List<Request> requests;
    private final Consumer<AwsClients> beyondRequests;

    private ApiPriming(String function, Map<String, String> environment, BiFunction<AwsClients, Telemetry, ApiPipeline> pipeline,
                       List<Request> requests, Consumer<AwsClients> beyondRequests) {
        this.function = function;
        this.environment = Map.copyOf(environment);
        this.pipeline = pipeline;
        this.requests = List.copyOf(requests);
        this.beyondRequests = beyondRequests;
    }

    /**
     * Registers the hooks with CRaC's global context and returns them. The handler keeps the returned object for as
     * long as it lives: the context may hold its resources weakly. Without a CRaC implementation (any JVM but a
     * SnapStart runtime or a CRaC JDK) registering does nothing and the hooks are never called.
     *
     * @param pipeline builds the function's pipeline on the clients and telemetry it is given
     */
    public static ApiPriming register(String function, Map<String, String> environment,
                                      BiFunction<AwsClients, Telemetry, ApiPipeline> pipeline, List<Request> requests) {
        return register(function, environment, pipeline, requests, clients -> {
        });
    }

    /**
     * The same, with what the requests cannot reach on offline clients (whose reads find nothing) primed directly, e.g.
     * a send that only follows a successful read.
     */
    public static ApiPriming register(String function, Map<String, String> environment,
                                      BiFunction<AwsClients, Telemetry, ApiPipeline> pipeline, List<Request> requests,
                                      Consumer<AwsClients> beyondRequests) {
        ApiPriming priming = new ApiPriming(function, environment, pipeline, requests, beyondRequests);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        try {
            Report report = prime();
            LOG.info("SnapStart priming done", "function", function, "statuses", report.statuses().toString(),
                    "operations", report.operations().toString(), "durationMs", report.took().toMillis());
        } catch (RuntimeException | LinkageError failure) {
            LOG.warn("SnapStart priming failed; the snapshot is taken anyway, less warm", "function", function,
                    "error", String.valueOf(failure));
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        LOG.info("restored from a SnapStart snapshot", "function", function);
    }

    /** Runs the priming now (what {@link #beforeCheckpoint} does), and says what it did. */
    public Report prime() {
        long started = System.nanoTime();
        CannedHttpClient http = new CannedHttpClient();
        List<Integer> statuses = new ArrayList<>();
        try (AwsClients offline = AwsClients.offline(environment, http)) {
            ApiPipeline copy = pipeline.apply(offline, Telemetry.none());
            for (Request request : requests) {
                APIGatewayProxyRequestEvent event = JSON.readValue(event(request), APIGatewayProxyRequestEvent.class);
                APIGatewayProxyResponseEvent response = copy.handle(event, null);
                JSON.writeValueAsString(response);
                statuses.add(response.getStatusCode());
            }
            beyondRequests.accept(offline);
            Environment.of(environment).optional(ApiWiring.TELEMETRY_TOPIC_ARN).ifPresent(topic -> {
                EmfMetrics silent = new EmfMetrics("Ferry", Map.of("service", function), new PrintStream(OutputStream.nullOutputStream()),
                        Clock.systemUTC());
                SnsTelemetry telemetry = new SnsTelemetry(offline.sns(), topic, silent);
                telemetry.requestServed(new RequestServed(function, "priming", 200, 0));
                telemetry.close();
            });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a priming request is not valid JSON: " + e.getMessage(), e);
        }
        return new Report(statuses, http.operations(), Duration.ofNanos(System.nanoTime() - started));
    }

    /** The request as API Gateway's REST proxy integration sends it, as JSON. */
    private String event(Request request) {
        ObjectNode event = JSON.createObjectNode();
        event.put("resource", request.path());
        event.put("path", request.path());
        event.put("httpMethod", request.method());
        ObjectNode headers = event.putObject("headers");
        headers.put("Accept", "application/json");
        headers.put("X-Correlation-Id", "snapstart-priming-" + function);
        if (request.body() != null) {
            headers.put("Content-Type", "application/json");
            headers.put("Idempotency-Key", "snapstart-priming-" + function);
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("requestId", "snapstart-priming");
        context.put("stage", "priming");
        context.put("httpMethod", request.method());
        context.put("path", request.path());
        context.putObject("identity").put("sourceIp", "127.0.0.1");
        if (request.body() == null) {
            event.putNull("body");
        } else {
            event.put("body", request.body());
        }
        event.put("isBase64Encoded", false);
        return event.toString();
    }
}
