package dev.ferry.local.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A ledger's counts at one instant, and how long it had been counting. Two snapshots subtract, so that what one
 * order cost is what the ledger counted between before and after it.
 */
public record LedgerSnapshot(Instant at, Duration running, Map<Usage, Long> counts) {
    /** The API route and status counted as an order placed: an order the orders API accepted. */
    public static final String ORDER_PLACED = "POST /orders 202";

    private static final ObjectMapper JSON = new ObjectMapper();

    public LedgerSnapshot {
        counts = Collections.unmodifiableMap(new TreeMap<>(counts));
    }

    /** Counts of {@code meter}, all details together. */
    public long total(Meter meter) {
        return counts.entrySet().stream().filter(e -> e.getKey().meter() == meter).mapToLong(Map.Entry::getValue).sum();
    }

    public long count(Meter meter, String detail) {
        return counts.getOrDefault(new Usage(meter, detail), 0L);
    }

    /** Counts of {@code meter} by detail. */
    public Map<String, Long> byDetail(Meter meter) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((usage, n) -> {
            if (usage.meter() == meter) out.put(usage.detail(), n);
        });
        return out;
    }

    /** Orders placed: {@code POST /orders} requests the API answered 202 Accepted. */
    public long ordersPlaced() {
        return count(Meter.API_REQUESTS, ORDER_PLACED);
    }

    /** What was counted after {@code earlier}: this snapshot's counts less its. */
    public LedgerSnapshot since(LedgerSnapshot earlier) {
        Map<Usage, Long> diff = new TreeMap<>();
        counts.forEach((usage, n) -> {
            long d = n - earlier.counts.getOrDefault(usage, 0L);
            if (d != 0) diff.put(usage, d);
        });
        return new LedgerSnapshot(at, Duration.between(earlier.at, at), diff);
    }

    public ObjectNode toJson() {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("at", at.toString());
        doc.put("runningSeconds", running.toMillis() / 1000.0);
        doc.put("ordersPlaced", ordersPlaced());
        ArrayNode list = doc.putArray("usage");
        counts.forEach((usage, n) -> list.addObject()
                .put("meter", usage.meter().name())
                .put("service", usage.meter().service())
                .put("kind", usage.meter().kind())
                .put("detail", usage.detail())
                .put("count", n));
        return doc;
    }

    /** Reads {@link #toJson()}'s document; meters this version does not know are left out. */
    public static LedgerSnapshot fromJson(JsonNode doc) {
        Map<Usage, Long> counts = new TreeMap<>();
        for (JsonNode line : doc.path("usage")) {
            Meter meter;
            try {
                meter = Meter.valueOf(line.path("meter").asText());
            } catch (IllegalArgumentException e) {
                continue;
            }
            counts.merge(new Usage(meter, line.path("detail").asText()), line.path("count").asLong(), Long::sum);
        }
        return new LedgerSnapshot(Instant.parse(doc.path("at").asText()),
                Duration.ofMillis(Math.round(doc.path("runningSeconds").asDouble() * 1000)), counts);
    }
}
