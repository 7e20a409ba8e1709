package dev.ferry.batch;

import dev.ferry.envelope.Envelope;

/** Handles the typed envelope carried by a message. */
@FunctionalInterface
public interface EnvelopeHandler<T> {
    Outcome handle(Envelope<T> envelope) throws Exception;
}
