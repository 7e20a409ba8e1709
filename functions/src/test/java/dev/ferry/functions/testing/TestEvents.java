package dev.ferry.functions.testing;

import dev.ferry.envelope.Envelope;
import dev.ferry.functions.events.Events;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Envelopes as the workflow's producers write them, encoded with the workflow's codec. */
public final class TestEvents {

    private TestEvents() {
    }

    public static <T> Envelope<T> envelope(String source, String type, String subject, T data) {
        return new Envelope<>(UUID.randomUUID().toString(), source, type, subject, Instant.now(), data, "corr-" + UUID.randomUUID(), Optional.empty());
    }

    public static String json(Envelope<?> envelope) {
        return Events.codec().encode(envelope);
    }
}
