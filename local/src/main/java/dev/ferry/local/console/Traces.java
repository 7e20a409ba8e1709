package dev.ferry.local.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.console.InvocationRecorder.Recorded;
import dev.ferry.local.lambda.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An order's causal chain, from the invocations the console recorded: every invocation that carried an event of
 * the correlation id (or was the API request that started it), in the order they started, each with its function,
 * where its input came from, how long it took and how it ended. A second delivery of an event to the same function
 * is marked: a <em>retry</em> when the earlier attempt failed, a <em>duplicate</em> when it had succeeded, i.e. one the
 * function's idempotency store absorbed (the side effect happened once; see docs/toolkit.md).
 */
final class Traces {
    private static final List<String> OUTCOMES = List.of("OrderConfirmed", "OrderRejected");

    private Traces() {}

    /** The correlation id of an order id the API accepted, or the text itself. */
    static String correlationOf(String orderIdOrCorrelation, List<InvocationRecorder.PlacedOrder> orders) {
        return orders.stream().filter(o -> o.orderId().equals(orderIdOrCorrelation)).map(InvocationRecorder.PlacedOrder::correlationId)
                .findFirst().orElse(orderIdOrCorrelation);
    }

    static ObjectNode of(String correlationId, List<Recorded> recent) {
        List<Recorded> hops = recent.stream().filter(r -> carries(r, correlationId))
                .sorted((a, b) -> a.started().compareTo(b.started())).toList();
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("correlationId", correlationId);
        ArrayNode chain = doc.putArray("chain");
        ArrayNode out = doc.putArray("hops");
        if (hops.isEmpty()) {
            doc.put("status", "unknown");
            return doc;
        }
        Instant first = hops.getFirst().started();
        Instant last = hops.stream().map(h -> h.started().plus(h.duration())).max(Instant::compareTo).orElse(first);
        doc.put("spanMillis", Duration.between(first, last).toNanos() / 1e6);
        // The chain is the domain events, those that went through an outbox (its stream); telemetry shares the id.
        Set<String> types = new LinkedHashSet<>();
        Set<String> allTypes = new LinkedHashSet<>();
        Map<String, List<Recorded>> attemptsByFunctionAndEvent = new HashMap<>();
        int retries = 0;
        int duplicates = 0;
        for (Recorded hop : hops) {
            List<EventFact> events = hop.delivery().events().stream().filter(e -> e.correlationId().equals(correlationId)).toList();
            events.forEach(e -> allTypes.add(e.type()));
            if (hop.delivery().source().startsWith("table:")) events.forEach(e -> types.add(e.type()));
            ObjectNode h = out.addObject();
            h.put("function", hop.function());
            h.put("source", hop.delivery().source());
            h.put("atMillis", Duration.between(first, hop.started()).toNanos() / 1e6);
            h.put("durationMillis", hop.duration().toNanos() / 1e6);
            h.put("ok", hop.ok());
            h.put("outcome", hop.outcome());
            ArrayNode ev = h.putArray("events");
            events.forEach(e -> ev.add(e.type()));
            Optional<String> repeat = Optional.empty();
            for (EventFact e : events) {
                List<Recorded> earlier = attemptsByFunctionAndEvent.computeIfAbsent(hop.function() + "\u0000" + e.id(), k -> new ArrayList<>());
                if (!earlier.isEmpty() && repeat.isEmpty()) {
                    boolean failedBefore = earlier.stream().noneMatch(Recorded::ok);
                    repeat = Optional.of(failedBefore ? "retry" : "duplicate");
                    h.put("attempt", earlier.size() + 1);
                }
                earlier.add(hop);
            }
            repeat.ifPresent(r -> h.put("repeat", r));
            if (repeat.filter("retry"::equals).isPresent()) retries++;
            if (repeat.filter("duplicate"::equals).isPresent()) duplicates++;
        }
        (types.isEmpty() ? allTypes : types).forEach(chain::add);
        doc.put("status", types.contains("OrderConfirmed") ? "CONFIRMED" : types.contains("OrderRejected") ? "REJECTED" : "PENDING");
        doc.put("retries", retries);
        doc.put("duplicatesAbsorbed", duplicates);
        return doc;
    }

    private static boolean carries(Recorded r, String correlationId) {
        return r.correlationId().filter(correlationId::equals).isPresent()
                || r.delivery().events().stream().anyMatch(e -> e.correlationId().equals(correlationId));
    }

    /**
     * Whether each order settled once: of the outcome events the outbox streams carried (OrderConfirmed, OrderRejected),
     * how many orders have one, and how many have more than one distinct event (a keyed side effect done twice).
     */
    static ObjectNode guarantees(List<Recorded> recent) {
        Set<String> placed = new LinkedHashSet<>();
        Map<String, Set<String>> outcomes = new HashMap<>();
        for (Recorded r : recent) {
            if (r.delivery().source().equals(Topology.route("POST", "/orders")) && r.outcome().equals("202")) {
                r.correlationId().ifPresent(placed::add);
            }
            if (!r.delivery().source().startsWith("table:")) continue;
            for (EventFact e : r.delivery().events()) {
                if (OUTCOMES.contains(e.type())) outcomes.computeIfAbsent(e.correlationId(), c -> new LinkedHashSet<>()).add(e.id());
            }
        }
        ObjectNode g = Json.MAPPER.createObjectNode();
        g.put("ordersPlaced", placed.size());
        g.put("ordersSettled", outcomes.keySet().stream().filter(placed::contains).count());
        g.put("ordersSettledTwice", outcomes.values().stream().filter(ids -> ids.size() > 1).count());
        return g;
    }
}
