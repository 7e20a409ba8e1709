package dev.ferry.functions.consumer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.batch.Outcome;
import dev.ferry.envelope.Envelope;
import dev.ferry.envelope.EnvelopeFormatException;
import dev.ferry.functions.events.Events;
import java.util.function.Function;

/**
 * The first step of the workflow's consumers: the message payload as one of its event envelopes. A payload
 * that is no envelope is rejected with the reason, since no retry could make it one.
 */
public final class IncomingEvents {

    private IncomingEvents() {
    }

    /** Decodes {@code payload} with the workflow's event types and hands the envelope to {@code handler}. */
    public static Outcome decoded(String payload, Function<Envelope<Object>, Outcome> handler) {
        Envelope<Object> event;
        try {
            event = Events.codec().decode(payload);
        } catch (EnvelopeFormatException malformed) {
            return malformed(malformed);
        }
        return handler.apply(event);
    }

    /** Decodes {@code payload} with its data left as a JSON tree, for consumers that read any event type. */
    public static Outcome decodedTree(String payload, Function<Envelope<JsonNode>, Outcome> handler) {
        Envelope<JsonNode> event;
        try {
            event = Events.codec().decodeTree(payload);
        } catch (EnvelopeFormatException malformed) {
            return malformed(malformed);
        }
        return handler.apply(event);
    }

    private static Outcome malformed(EnvelopeFormatException e) {
        return Outcome.reject("malformed envelope: " + e.getMessage());
    }
}
