package dev.ferry.functions.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.envelope.EnvelopeCodec;
import dev.ferry.functions.api.ApiRequest;
import dev.ferry.functions.api.InvalidRequest;
import dev.ferry.functions.api.Responses;
import dev.ferry.functions.api.Router;
import dev.ferry.http.HttpResponse;
import java.util.List;
import java.util.regex.Pattern;

/** {@code GET /traces/{correlationId}}: the conversation's events as a causal chain ordered by time. */
public final class TracesApi {

    /** What the toolkit accepts as a correlation id. */
    private static final Pattern CORRELATION_ID = Pattern.compile("^[A-Za-z0-9._:@/+=-]{1,128}$");

    private final AuditTable audit;

    public TracesApi(AuditTable audit) {
        this.audit = audit;
    }

    public Router routes() {
        return new Router().route("GET", "/traces/{correlationId}", this::trace);
    }

    private HttpResponse trace(ApiRequest request) {
        String correlationId = request.path("correlationId");
        if (!CORRELATION_ID.matcher(correlationId).matches()) {
            throw InvalidRequest.notFound("There is no trace for correlation id '" + correlationId + "'");
        }
        List<AuditEntry> chain = CausalChain.order(audit.trace(correlationId));
        if (chain.isEmpty()) {
            throw InvalidRequest.notFound("There is no trace for correlation id '" + correlationId
                    + "' (yet: events reach the audit log a moment after the request that caused them)");
        }
        ObjectNode body = EnvelopeCodec.mapper().createObjectNode();
        body.put("correlationId", correlationId);
        ArrayNode events = body.putArray("events");
        for (AuditEntry entry : chain) {
            ObjectNode event = events.addObject();
            event.put("id", entry.eventId());
            event.put("type", entry.type());
            event.put("source", entry.source());
            event.put("subject", entry.subject());
            event.put("time", entry.time().toString());
            entry.causationId().ifPresentOrElse(c -> event.put("causationid", c), () -> event.putNull("causationid"));
        }
        return Responses.json(200, body);
    }
}
