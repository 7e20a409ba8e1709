package dev.ferry.local.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.local.deployment.EventSourceMappingSpec;
import dev.ferry.local.deployment.FunctionSpec;
import dev.ferry.local.eventsource.MappingPollers;
import dev.ferry.local.eventsource.MappingStats;
import dev.ferry.local.http.LoopbackHttpServer;
import dev.ferry.local.lambda.FunctionStats;
import dev.ferry.local.lambda.InitStats;
import dev.ferry.local.lambda.Json;
import dev.ferry.local.lambda.LambdaRuntime;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The running runtime's counters for other processes ({@code ferry load}), as JSON on a loopback port while
 * {@code up} runs: {@code GET /stats[?since=<ISO-8601 instant>]}. Each function's invocations, errors, throttles,
 * cold starts, concurrency now and at peak, and its reserved concurrency; each mapping's batches, records, failed
 * batches, batches at once now and at peak, the age of the oldest record it picked up, and its limits
 * ({@code MaximumConcurrency}, {@code ParallelizationFactor}). Peaks are taken since {@code since} (to the second),
 * else since start. In AWS the same figures are CloudWatch metrics ({@code ConcurrentExecutions},
 * {@code ApproximateAgeOfOldestMessage}, {@code IteratorAge}); Lambda's API has none, hence an endpoint of Ferry's own.
 * {@code GET /cost} serves the ledger of billable requests for {@code ferry cost} (docs/cost.md).
 */
public final class StatsServer implements AutoCloseable {

    static final String PATH = "/stats";
    /** The ledger of billable requests ({@link dev.ferry.local.cost.RequestLedger}), for {@code ferry cost}. */
    static final String COST_PATH = "/cost";
    /** What the commands that read these resources say when an {@code up} does not publish them. */
    static final String NOT_PUBLISHED = "the running './ferry up' publishes no statistics endpoint (statsUrl in its up.json): it was"
            + " started by an older ferry; stop it and start './ferry up' again";

    private final HttpServer server;

    private StatsServer(HttpServer server) {
        this.server = server;
    }

    /** Serves the counters of {@code runtime} and of the {@code mappings} that feed it on {@code port} (0: any free port). */
    public static StatsServer start(LambdaRuntime runtime, MappingPollers mappings, int port) {
        try {
            HttpServer server = LoopbackHttpServer.create(port, 0);
            server.createContext("/", exchange -> serve(exchange, runtime, mappings));
            server.start();
            return new StatsServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException("could not serve the runtime's statistics on 127.0.0.1:" + port
                    + " (port taken? --port N uses N+6)", e);
        }
    }

    /** {@code http://127.0.0.1:PORT/stats}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    private static void serve(HttpExchange exchange, LambdaRuntime runtime, MappingPollers mappings) throws IOException {
        try (exchange) {
            if (exchange.getRequestURI().getPath().equals(COST_PATH) && exchange.getRequestMethod().equals("GET")) {
                answer(exchange, 200, runtime.ledger().snapshot().toJson());
                return;
            }
            if (!exchange.getRequestURI().getPath().equals(PATH) || !exchange.getRequestMethod().equals("GET")) {
                answer(exchange, 404, problem(404, "Not Found", "GET " + PATH + "[?since=<ISO-8601 instant>] and GET "
                        + COST_PATH + " are the only resources here"));
                return;
            }
            Optional<Instant> since;
            try {
                since = since(exchange.getRequestURI().getRawQuery());
            } catch (DateTimeParseException e) {
                answer(exchange, 400, problem(400, "Bad Request", "since must be an ISO-8601 instant such as 2026-12-07T10:15:30Z: "
                        + e.getMessage()));
                return;
            }
            answer(exchange, 200, document(runtime, mappings, since));
        }
    }

    private static Optional<Instant> since(String rawQuery) {
        if (rawQuery == null) {
            return Optional.empty();
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals("since")) {
                return Optional.of(Instant.parse(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)));
            }
        }
        return Optional.empty();
    }

    static ObjectNode document(LambdaRuntime runtime, MappingPollers mappings, Optional<Instant> since) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("at", Instant.now().toString());
        since.ifPresent(s -> doc.put("since", s.toString()));
        Map<String, FunctionSpec> functions = runtime.deployment().functions().stream()
                .collect(Collectors.toMap(FunctionSpec::functionName, Function.identity(), (a, b) -> a));
        ArrayNode fs = doc.putArray("functions");
        Map<String, InitStats> inits = runtime.initStats().stream()
                .collect(Collectors.toMap(InitStats::functionName, Function.identity(), (a, b) -> a));
        for (FunctionStats s : since.map(runtime::functionStats).orElseGet(runtime::functionStats)) {
            ObjectNode f = fs.addObject();
            f.put("name", s.functionName());
            Optional.ofNullable(functions.get(s.functionName())).flatMap(spec -> spec.reservedConcurrency().isPresent()
                    ? Optional.of(spec.reservedConcurrency().getAsInt()) : Optional.empty())
                    .ifPresentOrElse(r -> f.put("reservedConcurrency", r), () -> f.putNull("reservedConcurrency"));
            f.put("invocations", s.invocations());
            f.put("durationMillis", s.duration().toMillis());
            f.put("errors", s.errors());
            f.put("throttles", s.throttles());
            f.put("coldStarts", s.coldStarts());
            InitStats init = inits.get(s.functionName());
            if (init != null && init.first().isPresent()) {
                f.put("initDurationMillis", init.first().get().toNanos() / 1e6);
            } else {
                f.putNull("initDurationMillis");
            }
            f.put("concurrentExecutions", s.concurrentExecutions());
            f.put("peakConcurrentExecutions", s.peakConcurrentExecutions());
        }
        Map<String, EventSourceMappingSpec> specs = runtime.deployment().eventSourceMappings().stream()
                .collect(Collectors.toMap(EventSourceMappingSpec::logicalId, Function.identity(), (a, b) -> a));
        ArrayNode ms = doc.putArray("mappings");
        for (MappingStats s : since.map(mappings::stats).orElseGet(mappings::stats)) {
            EventSourceMappingSpec spec = specs.get(s.mapping());
            ObjectNode m = ms.addObject();
            m.put("id", s.mapping());
            if (spec != null) {
                m.put("kind", spec.kind().name());
                m.put("source", spec.eventSourceArn());
                m.put("function", runtime.functionName(spec.functionArn()));
                if (spec.maximumConcurrency().isPresent()) {
                    m.put("maximumConcurrency", spec.maximumConcurrency().getAsInt());
                } else {
                    m.putNull("maximumConcurrency");
                }
                m.put("parallelizationFactor", spec.parallelizationFactor());
                m.put("batchSize", spec.batchSize());
                m.put("maximumBatchingWindowSeconds", spec.maximumBatchingWindow().toSeconds());
            }
            m.put("batches", s.batches());
            m.put("records", s.records());
            m.put("failedBatches", s.failedBatches());
            m.put("concurrentBatches", s.concurrentBatches());
            m.put("peakConcurrentBatches", s.peakConcurrentBatches());
            m.put("oldestRecordAgeMillis", s.oldestRecordAge().toMillis());
            m.put("reads", s.reads());
        }
        return doc;
    }

    private static ObjectNode problem(int status, String title, String detail) {
        ObjectNode p = Json.MAPPER.createObjectNode();
        p.put("type", "about:blank");
        p.put("title", title);
        p.put("status", status);
        p.put("detail", detail);
        return p;
    }

    private static void answer(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", status == 200 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
