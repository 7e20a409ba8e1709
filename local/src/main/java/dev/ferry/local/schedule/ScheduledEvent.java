package dev.ferry.local.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.deployment.ScheduleRuleSpec;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The event EventBridge sends when a scheduled rule fires: the envelope every event has
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html) with the values of
 * Lambda's example scheduled event (https://docs.aws.amazon.com/lambda/latest/dg/services-cloudwatchevents.html):
 *
 * <pre>{@code
 * {"version": "0", "id": "<uuid>", "detail-type": "Scheduled Event", "source": "aws.events",
 *  "account": "000000000000", "time": "2026-12-01T10:05:00Z", "region": "us-east-1",
 *  "resources": ["arn:aws:events:us-east-1:000000000000:rule/<rule name>"], "detail": {}}
 * }</pre>
 *
 * A target's {@code Input} replaces the event; its {@code InputPath} selects part of it.
 */
public record ScheduledEvent(String id, Instant time, ScheduleRuleSpec rule) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public ScheduledEvent {
        // EventBridge stamps scheduled events to the second.
        time = time.truncatedTo(ChronoUnit.SECONDS);
    }

    public ObjectNode json() {
        // arn:aws:events:<region>:<account>:rule/<name>
        String[] arn = rule.arn().split(":", 6);
        ObjectNode event = MAPPER.createObjectNode();
        event.put("version", "0");
        event.put("id", id);
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", arn[4]);
        event.put("time", DateTimeFormatter.ISO_INSTANT.format(time));
        event.put("region", arn[3]);
        event.putArray("resources").add(rule.arn());
        event.putObject("detail");
        return event;
    }

    public String text() {
        return write(json());
    }

    /** What {@code target} receives: its constant {@code Input}, the part its {@code InputPath} names, or the event. */
    public String payloadFor(ScheduleRuleSpec.Target target) {
        if (target.input().isPresent()) {
            return target.input().get();
        }
        JsonNode node = json();
        for (String field : target.inputPath().map(p -> p.substring(1)).orElse("").split("\\.")) {
            if (!field.isEmpty()) {
                node = node.path(field);
            }
        }
        return node.isMissingNode() ? "null" : write(node);
    }

    private static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a scheduled event could not be written as JSON", e);
        }
    }
}
