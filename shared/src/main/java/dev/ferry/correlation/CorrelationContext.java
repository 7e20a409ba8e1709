package dev.ferry.correlation;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Who this work belongs to: the conversation ({@code correlationId}, constant from the first API request
 * to the last event) and the event or request that directly caused it ({@code causationId}).
 */
public record CorrelationContext(String correlationId, Optional<String> causationId) {

    public CorrelationContext {
        if (correlationId == null || correlationId.isBlank()) {
            throw new IllegalArgumentException("correlationId must be a non-empty string");
        }
        Objects.requireNonNull(causationId, "causationId (use Optional.empty())");
    }

    /** The start of a new conversation. */
    public static CorrelationContext newConversation() {
        return new CorrelationContext(UUID.randomUUID().toString(), Optional.empty());
    }

    public static CorrelationContext of(String correlationId, String causationId) {
        return new CorrelationContext(correlationId, Optional.ofNullable(causationId).filter(s -> !s.isBlank()));
    }

    /** The same conversation, caused by {@code eventId} when there is one. */
    public CorrelationContext causedByOptional(String eventId) {
        return eventId == null || eventId.isBlank() ? this : causedBy(eventId);
    }

    /** The same conversation, now caused by {@code eventId}. */
    public CorrelationContext causedBy(String eventId) {
        return new CorrelationContext(correlationId, Optional.of(eventId));
    }
}
