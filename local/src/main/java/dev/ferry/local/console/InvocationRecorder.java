package dev.ferry.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.local.lambda.InvocationListener;
import dev.ferry.local.lambda.InvokeResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the console knows of the traffic: every invocation the runtime ends, as {@link InvocationListener} hears it.
 * Keeps the last {@link #KEPT} invocations (for traces), each function's recent durations (for percentiles), the
 * messages per edge of the topology (source node to function) and the orders the API accepted.
 */
public final class InvocationRecorder implements InvocationListener {
    static final int KEPT = 20_000;
    static final int ORDERS_KEPT = 30;

    /** One ended invocation, as the console shows it. */
    record Recorded(String function, Instant started, Duration duration, Delivery delivery, Optional<String> correlationId, boolean ok,
                    String outcome) {}

    /** An order the API accepted (202): its id and the correlation id its chain carries. */
    record PlacedOrder(String orderId, String correlationId, Instant at) {}

    private final ArrayDeque<Recorded> recent = new ArrayDeque<>();
    private final Map<String, Durations> durations = new ConcurrentHashMap<>();
    private final Map<String, RateWindow> edges = new ConcurrentHashMap<>();
    private final Map<String, PlacedOrder> orders = new LinkedHashMap<>();

    @Override
    public void invoked(Invocation invocation) {
        Delivery delivery = Delivery.of(invocation.payload());
        String outcome;
        boolean ok;
        Optional<String> correlation = delivery.correlationId();
        Optional<JsonNode> response = Optional.empty();
        switch (invocation.result()) {
            case InvokeResult.Success s -> {
                response = Delivery.json(s.payload());
                int status = response.map(r -> r.path("statusCode").asInt(0)).orElse(0);
                int failed = response.map(r -> r.path("batchItemFailures")).filter(JsonNode::isArray).map(JsonNode::size).orElse(0);
                ok = status < 500 && failed == 0;
                outcome = status > 0 ? Integer.toString(status) : failed > 0 ? failed + " of " + delivery.messages() + " failed" : "ok";
                if (correlation.isEmpty()) correlation = response.flatMap(r -> Delivery.header(r.path("headers"), "x-correlation-id"));
            }
            case InvokeResult.FunctionError e -> {
                ok = false;
                outcome = "error " + e.errorType() + ": " + e.errorMessage();
            }
            case InvokeResult.Throttled t -> {
                ok = false;
                outcome = "throttled (" + t.reason() + ")";
            }
            case InvokeResult.Rejected r -> {
                ok = false;
                outcome = "refused: " + r.errorCode();
            }
        }
        Recorded recorded = new Recorded(invocation.functionName(), invocation.started(), invocation.duration(), delivery, correlation, ok,
                outcome);
        durations.computeIfAbsent(invocation.functionName(), f -> new Durations()).add(invocation.duration().toNanos());
        long second = invocation.started().plus(invocation.duration()).getEpochSecond();
        edges.computeIfAbsent(edge(delivery.source(), Topology.function(invocation.functionName())), k -> new RateWindow())
                .add(delivery.messages(), second);
        synchronized (this) {
            recent.addLast(recorded);
            if (recent.size() > KEPT) recent.removeFirst();
            if (delivery.source().equals(Topology.route("POST", "/orders")) && correlation.isPresent()) {
                response.flatMap(r -> orderId(r)).ifPresent(id -> {
                    orders.put(id, new PlacedOrder(id, recorded.correlationId().orElseThrow(), invocation.started()));
                    if (orders.size() > ORDERS_KEPT) orders.remove(orders.keySet().iterator().next());
                });
            }
        }
    }

    private static Optional<String> orderId(JsonNode response) {
        if (response.path("statusCode").asInt() != 202) return Optional.empty();
        return Delivery.json(response.path("body").asText("").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .map(b -> b.path("id").asText("")).filter(id -> !id.isEmpty());
    }

    static String edge(String from, String to) {
        return from + " -> " + to;
    }

    /** The edges that carried messages, by {@link #edge} key. */
    Map<String, RateWindow> edges() {
        return Map.copyOf(edges);
    }

    Optional<Durations> durations(String function) {
        return Optional.ofNullable(durations.get(function));
    }

    synchronized List<Recorded> recent() {
        return new ArrayList<>(recent);
    }

    /** The orders accepted, the latest first. */
    synchronized List<PlacedOrder> orders() {
        List<PlacedOrder> list = new ArrayList<>(orders.values());
        java.util.Collections.reverse(list);
        return list;
    }
}
