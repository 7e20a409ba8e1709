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
        return decode(payload, Events.codec()::decode, handler);
    }

    /** Decodes {@code payload} with its data left as a JSON tree, for consumers that read any event type. */
    public static Outcome decodedTree(String payload, Function<Envelope<JsonNode>, Outcome> handler) {
        return decode(payload, Events.codec()::decodeTree, handler);
    }

    private static <T> Outcome decode(String payload, Function<String, Envelope<T>> decoder, Function<Envelope<T>, Outcome> handler) {
        Envelope<T> event;
        try {
            event = decoder.apply(payload);
        } catch (EnvelopeFormatException malformed) {
            return Outcome.reject("malformed envelope: " + malformed.getMessage());
        }
        return handler.apply(event);
    }
}
