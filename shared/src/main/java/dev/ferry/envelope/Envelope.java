package dev.ferry.envelope;

import dev.ferry.correlation.Correlation;
import dev.ferry.correlation.CorrelationContext;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One event in CloudEvents 1.0 structured JSON form, with Ferry's two extensions: {@code correlationid}
 * (the whole conversation) and {@code causationid} (the id of the event or request that caused this one).
 * Ferry's profile makes {@code subject} (the aggregate id, used for ordering and partitioning),
 * {@code time} and {@code correlationid} mandatory; {@code datacontenttype} is always application/json.
 */
public record Envelope<T>(
        String id,
        String source,
        String type,
        String subject,
        Instant time,
        T data,
        String correlationId,
        Optional<String> causationId) {

    public static final String SPEC_VERSION = "1.0";
    public static final String DATA_CONTENT_TYPE = "application/json";

    public Envelope {
        requireText(id, "id");
        requireText(source, "source");
        requireText(subject, "subject");
        requireText(correlationId, "correlationid");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(causationId, "causationid (use Optional.empty())");
        if (!EventType.isValid(type)) {
            throw new EnvelopeFormatException("type", "'" + type + "' is not <reverse.dns.namespace>.<EventName>.v<major>");
        }
    }

    /**
     * A new event caused by the work in progress on this thread: its correlation id and causation id come
     * from {@link Correlation#current()} (a fresh conversation when there is none).
     */
    public static <T> Envelope<T> of(String source, String type, String subject, T data) {
        return of(source, type, subject, data, Correlation.current());
    }

    public static <T> Envelope<T> of(String source, String type, String subject, T data, CorrelationContext context) {
        return new Envelope<>(UUID.randomUUID().toString(), source, type, subject, Instant.now(), data,
                context.correlationId(), context.causationId());
    }

    public EventType eventType() {
        return EventType.parse(type);
    }

    /** The correlation context for work caused by this event: same conversation, caused by this event. */
    public CorrelationContext causedContext() {
        return new CorrelationContext(correlationId, Optional.of(id));
    }

    private static void requireText(String value, String attribute) {
        if (value == null || value.isBlank()) {
            throw new EnvelopeFormatException(attribute, "must be a non-empty string");
        }
    }
}
