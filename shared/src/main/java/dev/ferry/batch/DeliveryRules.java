package dev.ferry.batch;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.correlation.Correlation;
import dev.ferry.idempotency.Attempt;
import dev.ferry.idempotency.ExecutionOutcome;
import dev.ferry.idempotency.GuardedExecutor;
import dev.ferry.idempotency.IdempotencyStore;
import dev.ferry.logging.JsonLogger;
import dev.ferry.logging.LogContext;
import dev.ferry.logging.Logs;
import dev.ferry.metrics.EmfMetrics;
import java.time.Duration;
import java.util.Optional;

/**
 * The delivery semantics in one place: runs a message's handler (guarded by the idempotency store under
 * EFFECTIVELY_ONCE) and decides whether the message is settled (true) or must be reported as failed (false).
 */
final class DeliveryRules {

    private static final JsonLogger LOG = Logs.get(DeliveryRules.class);
    static final String COMPLETED_RESULT = "done";

    private final ConsumerSettings settings;
    private final Optional<GuardedExecutor> executor;

    DeliveryRules(ConsumerSettings settings) {
        this.settings = settings;
        this.executor = settings.idempotency().map(GuardedExecutor::new);
    }

    /** The in-progress window of a claim made now: what is left of the invocation. */
    static Duration window(Context context) {
        return IdempotencyStore.inProgressWindow(context);
    }

    /** True when too little of the invocation is left to start another message. */
    boolean outOfTime(Context context) {
        if (context == null || context.getRemainingTimeInMillis() >= settings.timeReserve().toMillis()) {
            return false;
        }
        count("MessagesDeferred");
        return true;
    }

    boolean deliver(Delivery delivery, Duration window) {
        try (Correlation.Scope c = Correlation.open(delivery.correlation()); LogContext.Scope l = LogContext.message(delivery.messageId())) {
            Outcome outcome = settings.semantics() == DeliverySemantics.EFFECTIVELY_ONCE ? guarded(delivery, window) : run(delivery);
            return settle(delivery, outcome);
        }
    }

    private Outcome run(Delivery delivery) {
        try {
            Outcome outcome = delivery.work().call();
            return outcome == null ? new Outcome.Retry("the handler returned no outcome") : outcome;
        } catch (Exception | LinkageError | AssertionError unexpected) {
            LOG.error("handler failed; treating it as a retry", unexpected, "consumer", settings.name());
            return new Outcome.Retry(unexpected.getClass().getSimpleName() + ": " + unexpected.getMessage());
        }
    }

    private Outcome guarded(Delivery delivery, Duration window) {
        String key = settings.name() + "#" + delivery.idempotencyKey();
        ExecutionOutcome<Outcome> execution = executor.orElseThrow().run(key, delivery.payloadHash(), window, () -> {
            Outcome outcome = run(delivery);
            return outcome instanceof Outcome.Done ? Attempt.keep(outcome, COMPLETED_RESULT) : Attempt.discard(outcome, outcome.toString());
        });
        return switch (execution) {
            case ExecutionOutcome.Executed<Outcome> executed -> executed.value();
            case ExecutionOutcome.Discarded<Outcome> discarded -> discarded.value();
            case ExecutionOutcome.Replayed<Outcome> replayed -> {
                count("MessagesDuplicate");
                LOG.info("duplicate skipped: already completed", "idempotencyKey", key);
                yield new Outcome.Done();
            }
            case ExecutionOutcome.InProgress<Outcome> busy -> new Outcome.Retry("another invocation holds " + key + " until " + busy.until());
            case ExecutionOutcome.PayloadMismatch<Outcome> mismatch -> new Outcome.Reject("idempotency key " + key + " was already used with a different payload");
            case ExecutionOutcome.ClaimFailed<Outcome> failed -> new Outcome.Retry("idempotency store unavailable: " + failed.cause().getMessage());
        };
    }

    private boolean settle(Delivery delivery, Outcome outcome) {
        boolean atMostOnce = settings.semantics() == DeliverySemantics.AT_MOST_ONCE;
        return switch (outcome) {
            case Outcome.Done done -> {
                count("MessagesProcessed");
                yield true;
            }
            case Outcome.Retry retry when atMostOnce -> lost(retry.reason());
            case Outcome.Reject reject when atMostOnce -> lost(reject.reason());
            case Outcome.Retry retry -> {
                if (delivery.receiveCount() >= settings.maxAttempts() && settings.deadLetters().isPresent()) {
                    yield deadLetter(delivery, retry.reason() + " (gave up after " + delivery.receiveCount() + " attempts)");
                }
                count("MessagesRetried");
                LOG.warn("message will be retried", "consumer", settings.name(), "reason", retry.reason(), "attempt", delivery.receiveCount());
                yield false;
            }
            case Outcome.Reject reject -> {
                if (settings.deadLetters().isPresent()) {
                    yield deadLetter(delivery, reject.reason());
                }
                count("MessagesRetried");
                LOG.warn("message rejected but this consumer has no dead-letter destination; reporting it failed so the queue's"
                        + " redrive policy or the event source's on-failure destination takes it", "consumer", settings.name(), "reason", reject.reason());
                yield false;
            }
        };
    }

    private boolean lost(String reason) {
        count("MessagesLost");
        LOG.warn("message lost (at-most-once delivery)", "consumer", settings.name(), "reason", reason);
        return true;
    }

    private boolean deadLetter(Delivery delivery, String reason) {
        try {
            settings.deadLetters().orElseThrow().send(new DeadLetter(settings.name(), delivery.itemIdentifier(), delivery.body(), reason,
                    delivery.receiveCount(), delivery.correlation(), delivery.groupId()));
            count("MessagesDeadLettered");
            LOG.warn("message dead-lettered", "consumer", settings.name(), "reason", reason);
            return true;
        } catch (RuntimeException dlqDown) {
            // Never drop: if the letter cannot be stored, the message stays with its source.
            LOG.error("dead-letter send failed; reporting the message failed instead", dlqDown, "consumer", settings.name());
            count("MessagesRetried");
            return false;
        }
    }

    void count(String metric) {
        settings.metrics().ifPresent(m -> m.count(metric));
    }

    void count(String metric, long amount) {
        settings.metrics().ifPresent(m -> m.count(metric, amount));
    }

    void flush() {
        settings.metrics().ifPresent(EmfMetrics::flush);
    }
}
