package dev.ferry.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.local.lambda.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one invocation was given, read from its event as Lambda passes it: the topology node it came from
 * ({@code queue:dev-payments-order-placed}, {@code table:dev-orders-outbox}, {@code route:POST /orders}, ...), how
 * many messages, the domain events in them, and for an API request its correlation id.
 *
 * @param source {@link Topology} node id of the sender, or {@code invoke} for a direct call
 */
record Delivery(String source, int messages, List<EventFact> events, Optional<String> correlationId) {

    static final String DIRECT = "invoke";

    Delivery {
        events = List.copyOf(events);
    }

    static Delivery of(byte[] payload) {
        Optional<JsonNode> event = json(payload);
        if (event.isEmpty() || !event.get().isObject()) return new Delivery(DIRECT, 1, List.of(), Optional.empty());
        JsonNode e = event.get();
        if (e.hasNonNull("httpMethod")) {
            String resource = e.path("resource").asText(e.path("path").asText());
            return new Delivery(Topology.route(e.path("httpMethod").asText(), resource), 1, List.of(), header(e.path("headers"), "x-correlation-id"));
        }
        JsonNode records = e.path("Records");
        if (records.isArray() && !records.isEmpty()) {
            List<EventFact> facts = new ArrayList<>();
            String source = DIRECT;
            for (JsonNode r : records) {
                String kind = r.hasNonNull("eventSource") ? r.path("eventSource").asText() : r.path("EventSource").asText();
                switch (kind) {
                    case "aws:sqs" -> {
                        source = Topology.queue(afterLast(r.path("eventSourceARN").asText(), ':'));
                        envelope(r.path("body").asText("")).ifPresent(facts::add);
                    }
                    case "aws:kinesis" -> {
                        source = Topology.stream(afterLast(r.path("eventSourceARN").asText(), '/'));
                        envelope(Payloads.base64Text(r.path("kinesis").path("data").asText(""))).ifPresent(facts::add);
                    }
                    case "aws:dynamodb" -> {
                        source = Topology.tableOfStream(r.path("eventSourceARN").asText());
                        outboxRecord(r.path("dynamodb").path("NewImage")).ifPresent(facts::add);
                    }
                    case "aws:sns" -> {
                        source = Topology.topic(afterLast(r.path("Sns").path("TopicArn").asText(), ':'));
                        envelope(r.path("Sns").path("Message").asText("")).ifPresent(facts::add);
                    }
                    default -> { }
                }
            }
            return new Delivery(source, records.size(), facts, Optional.empty());
        }
        if ("aws.events".equals(e.path("source").asText())) {
            return new Delivery(Topology.rule(afterLast(e.path("resources").path(0).asText(""), '/')), 1, List.of(), Optional.empty());
        }
        return new Delivery(DIRECT, 1, List.of(), Optional.empty());
    }

    /** An event envelope, or an SNS notification around one (a subscription without raw delivery). */
    static Optional<EventFact> envelope(String text) {
        if (text.isEmpty() || text.charAt(0) != '{') return Optional.empty();
        Optional<JsonNode> node = json(text.getBytes(StandardCharsets.UTF_8));
        if (node.isEmpty()) return Optional.empty();
        JsonNode n = node.get();
        if ("Notification".equals(n.path("Type").asText()) && n.hasNonNull("Message")) return envelope(n.path("Message").asText(""));
        if (!n.hasNonNull("type") || !n.hasNonNull("id")) return Optional.empty();
        return Optional.of(new EventFact(n.path("id").asText(), Payloads.shortType(n.path("type").asText()), n.path("correlationid").asText("")));
    }

    /** An outbox record in a stream's NewImage: its envelope, or its own attributes. */
    private static Optional<EventFact> outboxRecord(JsonNode image) {
        if (image.path("envelope").hasNonNull("S")) {
            Optional<EventFact> inner = envelope(image.path("envelope").path("S").asText());
            if (inner.isPresent()) return inner;
        }
        if (!image.path("type").hasNonNull("S")) return Optional.empty();
        return Optional.of(new EventFact(image.path("eventId").path("S").asText(""), Payloads.shortType(image.path("type").path("S").asText()),
                image.path("correlationid").path("S").asText("")));
    }

    static Optional<String> header(JsonNode headers, String lowerCaseName) {
        for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            if (h.getKey().equalsIgnoreCase(lowerCaseName) && h.getValue().isTextual() && !h.getValue().asText().isBlank()) {
                return Optional.of(h.getValue().asText());
            }
        }
        return Optional.empty();
    }

    static Optional<JsonNode> json(byte[] payload) {
        if (payload == null || payload.length == 0) return Optional.empty();
        try {
            return Optional.ofNullable(Json.MAPPER.readTree(payload));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String afterLast(String text, char separator) {
        return text.substring(text.lastIndexOf(separator) + 1);
    }
}
