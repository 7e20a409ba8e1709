package dev.ferry.functions.consumer;

import dev.ferry.batch.Outcome;
import dev.ferry.idempotency.TransactionOutcome;
import dev.ferry.idempotency.TransactionalIdempotency;
import dev.ferry.logging.JsonLogger;
import dev.ferry.logging.Logs;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Applies a consumer's effect exactly once per event: the idempotency key {@code <consumer>#<event id>} and
 * the effect's writes (state change with its version condition, outbox records) commit in one
 * {@code TransactWriteItems}. When the state changed between reading and writing (a version condition
 * failed), the plan is made again from a fresh read, a few times, then the message is retried later.
 */
public final class ExactlyOnce {

    /** What to do with an event, decided from the current state. */
    public sealed interface Plan {
        /** Write these items with the key; {@code result} is remembered for duplicates. */
        record Commit(List<TransactWriteItem> effects, String result) implements Plan {
        }

        /** Nothing to write: settle the message with this outcome. */
        record Settle(Outcome outcome) implements Plan {
        }
    }

    public static final int ATTEMPTS = 5;
    private static final JsonLogger LOG = Logs.get(ExactlyOnce.class);

    private final TransactionalIdempotency idempotency;
    private final String consumer;

    public ExactlyOnce(TransactionalIdempotency idempotency, String consumer) {
        this.idempotency = idempotency;
        this.consumer = consumer;
    }

    public Outcome apply(String eventId, String payloadHash, Supplier<Plan> plan) {
        String key = consumer + "#" + eventId;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            switch (plan.get()) {
                case Plan.Settle settle -> {
                    return settle.outcome();
                }
                case Plan.Commit commit -> {
                    switch (idempotency.commit(key, payloadHash, commit.result(), commit.effects())) {
                        case TransactionOutcome.Committed c -> {
                            return Outcome.done();
                        }
                        case TransactionOutcome.Duplicate d -> {
                            LOG.info("duplicate event: its effect was committed before", "idempotencyKey", key, "result", d.storedResult());
                            return Outcome.done();
                        }
                        case TransactionOutcome.PayloadMismatch m -> {
                            return Outcome.reject("event id " + eventId + " was already processed with a different payload");
                        }
                        case TransactionOutcome.InProgress p -> {
                            return Outcome.retry("idempotency key " + key + " is held until " + p.until());
                        }
                        case TransactionOutcome.EffectRejected r -> LOG.info("state changed since it was read; planning again",
                                "idempotencyKey", key, "attempt", attempt, "effect", r.effectIndex());
                    }
                }
            }
        }
        return Outcome.retry("the state " + consumer + " depends on changed " + ATTEMPTS + " times while processing event " + eventId);
    }
}
