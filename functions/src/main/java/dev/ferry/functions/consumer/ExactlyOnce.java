package dev.ferry.functions.consumer;

import dev.ferry.batch.Outcome;
import dev.ferry.idempotency.TransactionOutcome;
import dev.ferry.idempotency.TransactionalIdempotency;
import dev.ferry.logging.JsonLogger;
import dev.ferry.logging.Logs;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Applies a consumer's effect exactly once per event: the idempotency key {@code <consumer>#<event id>} and
 * the effect's writes (state change with its version condition, outbox records) commit in one
 * {@code TransactWriteItems}. When the state changed between reading and writing (a version condition
 * failed), the plan is made again from a fresh read after a short random pause (exponential backoff with full
 * jitter, so that consumers racing for one item do not collide again in lockstep), a few times; then the message
 * is retried later, which for an SQS source means after the queue's visibility timeout (minutes), so giving up
 * early is expensive.
 *
 * <p>The key is remembered for the consumer's redelivery horizon ({@code IDEMPOTENCY_TTL_SECONDS}); beyond it
 * (a dead letter redriven a month later, a message redriven twice) the plan's {@code recordedOnce} effect is
 * what stops a second effect.
 */
public final class ExactlyOnce {

    /** What to do with an event, decided from the current state. */
    public sealed interface Plan {
        /**
         * Write these items with the key; {@code result} is remembered for duplicates. {@code recordedOnce} is
         * the index of an effect that the domain writes once and for all (a payment per order, a ledger entry
         * per deposit) under {@code attribute_not_exists}: when its condition fails, the effect was committed
         * by an earlier delivery whose idempotency record has since expired, and the event is settled as done.
         * {@code settles} is how the message is settled once the writes are committed (by this delivery or an
         * earlier one): done, or rejected for a command the domain refused for good (its refusal recorded,
         * the message dead-lettered with the reason instead of retried).
         */
        record Commit(List<TransactWriteItem> effects, String result, OptionalInt recordedOnce, Outcome settles) implements Plan {
            public Commit {
                effects = List.copyOf(effects);
                if (recordedOnce.isPresent() && (recordedOnce.getAsInt() < 0 || recordedOnce.getAsInt() >= effects.size())) {
                    throw new IllegalArgumentException("recordedOnce names effect " + recordedOnce.getAsInt() + " of " + effects.size());
                }
            }

            public Commit(List<TransactWriteItem> effects, String result, OptionalInt recordedOnce) {
                this(effects, result, recordedOnce, Outcome.done());
            }

            public Commit(List<TransactWriteItem> effects, String result) {
                this(effects, result, OptionalInt.empty());
            }
        }

        /** Nothing to write: settle the message with this outcome. */
        record Settle(Outcome outcome) implements Plan {
        }
    }

    public static final int ATTEMPTS = 8;
    /** The first pause's upper bound; each later one doubles, up to {@link #MAX_PAUSE_MILLIS}. */
    static final long FIRST_PAUSE_MILLIS = 20;
    static final long MAX_PAUSE_MILLIS = 500;
    private static final JsonLogger LOG = Logs.get(ExactlyOnce.class);

    /** Waits before attempt {@code attempt} (2 and up) makes its plan again. */
    @FunctionalInterface
    public interface Pause {
        void before(int attempt) throws InterruptedException;
    }

    private final TransactionalIdempotency idempotency;
    private final String consumer;
    private final Pause pause;

    public ExactlyOnce(TransactionalIdempotency idempotency, String consumer) {
        this(idempotency, consumer, ExactlyOnce::jitteredBackoff);
    }

    public ExactlyOnce(TransactionalIdempotency idempotency, String consumer, Pause pause) {
        this.idempotency = idempotency;
        this.consumer = consumer;
        this.pause = pause;
    }

    /** Full jitter: a random pause up to 20 ms, 40 ms, 80 ms, ... at most 500 ms (7 pauses: 1.6 s at worst). */
    static void jitteredBackoff(int attempt) throws InterruptedException {
        long bound = Math.min(MAX_PAUSE_MILLIS, FIRST_PAUSE_MILLIS << Math.min(attempt - 2, 20));
        Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(bound + 1));
    }

    public Outcome apply(String eventId, String payloadHash, Supplier<Plan> plan) {
        String key = consumer + "#" + eventId;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (attempt > 1) {
                try {
                    pause.before(attempt);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Outcome.retry("interrupted while waiting to plan event " + eventId + " again");
                }
            }
            switch (plan.get()) {
                case Plan.Settle settle -> {
                    return settle.outcome();
                }
                case Plan.Commit commit -> {
                    switch (idempotency.commit(key, payloadHash, commit.result(), commit.effects())) {
                        case TransactionOutcome.Committed c -> {
                            return commit.settles();
                        }
                        case TransactionOutcome.Duplicate d -> {
                            LOG.info("duplicate event: its effect was committed before", "idempotencyKey", key, "result", d.storedResult());
                            return commit.settles();
                        }
                        case TransactionOutcome.PayloadMismatch m -> {
                            return Outcome.reject("event id " + eventId + " was already processed with a different payload");
                        }
                        case TransactionOutcome.InProgress p -> {
                            return Outcome.retry("idempotency key " + key + " is held until " + p.until());
                        }
                        case TransactionOutcome.EffectRejected r when commit.recordedOnce().equals(OptionalInt.of(r.effectIndex())) -> {
                            LOG.info("the domain already recorded this effect; its idempotency record has expired or was never kept",
                                    "idempotencyKey", key);
                            return Outcome.done();
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
