package dev.ferry.local.console;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.local.cost.CostReport;
import dev.ferry.local.cost.LedgerSnapshot;
import dev.ferry.local.cost.PriceTable;
import dev.ferry.local.http.LoopbackHttpServer;
import dev.ferry.local.lambda.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Ferry console: a web page on 127.0.0.1 that {@code ferry up} serves beside the API. Static files (the page,
 * its script and style, resources of this package) and a small JSON API they read:
 *
 * <pre>
 * GET  /api/topology                     the deployment as nodes and edges
 * GET  /api/state                        functions, edges, queues, faults, orders (also pushed by /api/events)
 * GET  /api/events                       server-sent events: "state" every second
 * GET  /api/trace?id=ORDER-OR-CORRELATION the causal chain as a timeline
 * GET  /api/logs?function=NAME           the function's last log lines, readable
 * GET  /api/dlq?queue=NAME               a dead-letter queue's messages with their failure reasons (as 'ferry dlq show')
 * POST /api/dlq/redrive?queue=NAME       moves them back (as 'ferry dlq redrive')
 * POST /api/faults                       {"duplicate": 0.2, "ddb-conflict": 0.1, ...}: switches the fault rates
 * GET  /api/cost                         the cost report of the statistics port's /cost, when it serves one (else 204)
 * </pre>
 */
public final class ConsoleServer implements AutoCloseable {
    private static final Map<String, String> FILES = Map.of("/", "index.html", "/index.html", "index.html",
            "/console.js", "console.js", "/console.css", "console.css");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8");

    private final HttpServer server;
    private final ExecutorService executor;
    private final ConsoleView view;
    private final Optional<URI> cost;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile boolean closed;

    private ConsoleServer(HttpServer server, ExecutorService executor, ConsoleView view, Optional<URI> cost) {
        this.server = server;
        this.executor = executor;
        this.view = view;
        this.cost = cost;
    }

    /** Serves the console of {@code sources} on {@code port} (0: a free port). */
    public static ConsoleServer start(ConsoleSources sources, int port) {
        ConsoleView view = new ConsoleView(sources);
        // The event streams hold their request for as long as the page is open: a thread each, and a cheap one.
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            HttpServer server = LoopbackHttpServer.create(port, 0);
            ConsoleServer console = new ConsoleServer(server, executor, view, sources.cost());
            server.createContext("/", console::serve);
            server.setExecutor(executor);
            server.start();
            return console;
        } catch (IOException e) {
            view.close();
            executor.shutdownNow();
            throw new UncheckedIOException("could not serve the console on 127.0.0.1:" + port + " (port taken? --port N uses N+8)", e);
        }
    }

    /** {@code http://127.0.0.1:PORT/}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            try {
                if (method.equals("GET") && FILES.containsKey(path)) {
                    file(exchange, FILES.get(path));
                    return;
                }
                switch (method + " " + path) {
                    case "GET /api/topology" -> json(exchange, 200, view.topologyDocument());
                    case "GET /api/state" -> json(exchange, 200, view.state());
                    case "GET /api/events" -> events(exchange);
                    case "GET /api/trace" -> json(exchange, 200, view.trace(required(query, "id")));
                    case "GET /api/logs" -> json(exchange, 200, view.logs(required(query, "function"),
                            Integer.parseInt(query.getOrDefault("lines", "20"))));
                    case "GET /api/dlq" -> json(exchange, 200, view.deadLetters(required(query, "queue"),
                            Integer.parseInt(query.getOrDefault("max", "10"))));
                    case "POST /api/dlq/redrive" -> json(exchange, 200, view.redrive(required(query, "queue")));
                    case "POST /api/faults" -> {
                        view.changeFaults(faults(exchange.getRequestBody()));
                        json(exchange, 200, view.state());
                    }
                    case "GET /api/cost" -> cost(exchange);
                    default -> json(exchange, 404, problem(404, "Not Found", method + " " + path + " is not a resource of the console"));
                }
            } catch (IllegalArgumentException e) {
                json(exchange, 400, problem(400, "Bad Request", e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                json(exchange, 500, problem(500, "Internal Server Error", String.valueOf(e.getMessage())));
            }
        }
    }

    private void file(HttpExchange exchange, String name) throws IOException {
        try (InputStream in = ConsoleServer.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("the console's " + name + " is missing from the jar");
            byte[] body = in.readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Pushes the state every second until the page goes away or the console stops. */
    private void events(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            while (!closed) {
                out.write(("event: state\ndata: " + Json.write(view.state()) + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(1000);
            }
        } catch (IOException pageClosed) {
            // the page went away
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    private void cost(HttpExchange exchange) throws IOException, InterruptedException {
        if (cost.isPresent()) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(cost.get()).timeout(Duration.ofSeconds(3)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    // The statistics port serves the ledger's counts; priced here as './ferry cost' prices them.
                    LedgerSnapshot ledger = LedgerSnapshot.fromJson(Json.MAPPER.readTree(r.body()));
                    json(exchange, 200, CostReport.of(ledger, PriceTable.usEast1()).toJson());
                    return;
                }
            } catch (IOException noReport) {
                // no cost report served, or not JSON: the panel stays hidden
            }
        }
        exchange.sendResponseHeaders(204, -1);
    }

    private static Map<String, Double> faults(InputStream body) throws IOException {
        try {
            return Json.MAPPER.readValue(body, new TypeReference<LinkedHashMap<String, Double>>() {});
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("the body must be a JSON object of rates between 0 and 1, e.g. {\"duplicate\": 0.2}: "
                    + e.getOriginalMessage());
        }
    }

    private static String required(Map<String, String> query, String name) {
        String value = query.get(name);
        if (value == null || value.isBlank()) throw new IllegalArgumentException("the query needs " + name + "=...");
        return value.trim();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null) return q;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    private static ObjectNode problem(int status, String title, String detail) {
        return Json.MAPPER.createObjectNode().put("type", "about:blank").put("title", title).put("status", status).put("detail", detail);
    }

    private static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", status < 400 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow();
        view.close();
    }
}
