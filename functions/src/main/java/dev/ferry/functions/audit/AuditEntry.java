package dev.ferry.functions.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;

/** One event as the audit table keeps it, under its correlation id. */
public record AuditEntry(String correlationId, String eventId, String type, String source, String subject, Instant time,
                         Optional<String> causationId, String data) {

    /** Fixed width (nine fraction digits) so that positions sort as times do; ISO text with a varying fraction would not. */
    private static final DateTimeFormatter SORTABLE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    public AuditEntry {
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(causationId, "causationId (use Optional.empty())");
    }

    /** The sort key: {@code <time>#<event id>}, so a correlation id's events come back in time order. */
    public String position() {
        return SORTABLE.format(time) + "#" + eventId;
    }
}
