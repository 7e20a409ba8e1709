package dev.ferry.functions.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.batch.Outcome;
import dev.ferry.envelope.Envelope;
import dev.ferry.functions.consumer.ExactlyOnce;
import dev.ferry.functions.money.MoneyException;
import dev.ferry.idempotency.PayloadHash;
import dev.ferry.idempotency.TransactionalIdempotency;
import java.util.List;

/**
 * Applies the projection to a table effectively once per event: the idempotency key
 * {@code <namespace>#<event id>} and the row's {@code ADD} commit in one transaction. The live consumer uses
 * namespace {@code Analytics}; a replay uses its own namespace per target table, so it recounts everything.
 */
public final class AnalyticsProjector {

    private final AnalyticsTable table;
    private final ExactlyOnce once;

    public AnalyticsProjector(AnalyticsTable table, TransactionalIdempotency idempotency, String namespace) {
        this.table = table;
        this.once = new ExactlyOnce(idempotency, namespace);
    }

    public Outcome project(Envelope<JsonNode> event) {
        Contribution contribution;
        try {
            contribution = AnalyticsProjection.of(event);
        } catch (MoneyException e) {
            return Outcome.reject("event " + event.id() + " has an invalid amount: " + e.getMessage());
        }
        String hash = PayloadHash.ofParts(event.type(), event.subject(), event.time().toString());
        return once.apply(event.id(), hash, () -> new ExactlyOnce.Plan.Commit(List.of(table.add(contribution)), "counted"));
    }
}
