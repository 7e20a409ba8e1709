package dev.ferry.batch;

import dev.ferry.idempotency.IdempotencyStore;
import dev.ferry.metrics.EmfMetrics;
import java.time.Duration;
import java.util.Optional;

/**
 * How a consumer delivers: its name (which also namespaces its idempotency keys, so two consumers of the
 * same event never share a key), its delivery semantics, the idempotency store that effectively-once needs,
 * where poison messages go, after how many receives a retried SQS message counts as poison, and how much
 * invocation time to keep in reserve: once less is left, the remaining messages are reported unprocessed
 * instead of started, so a Lambda timeout never throws away the results of a whole batch.
 */
public record ConsumerSettings(String name, DeliverySemantics semantics, Optional<IdempotencyStore> idempotency,
                               Optional<DeadLetters> deadLetters, int maxAttempts, Optional<EmfMetrics> metrics,
                               Duration timeReserve) {

    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final Duration DEFAULT_TIME_RESERVE = Duration.ofSeconds(1);

    public ConsumerSettings {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a consumer needs a name (it prefixes its idempotency keys and labels its logs)");
        }
        if (semantics == DeliverySemantics.EFFECTIVELY_ONCE && idempotency.isEmpty()) {
            throw new IllegalArgumentException("consumer " + name + " is EFFECTIVELY_ONCE but has no idempotency store; use ConsumerSettings.effectivelyOnce(name, store)");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (timeReserve.isNegative()) {
            throw new IllegalArgumentException("timeReserve must not be negative, got " + timeReserve);
        }
    }

    public static ConsumerSettings atMostOnce(String name) {
        return new ConsumerSettings(name, DeliverySemantics.AT_MOST_ONCE, Optional.empty(), Optional.empty(), DEFAULT_MAX_ATTEMPTS, Optional.empty(), DEFAULT_TIME_RESERVE);
    }

    public static ConsumerSettings atLeastOnce(String name) {
        return new ConsumerSettings(name, DeliverySemantics.AT_LEAST_ONCE, Optional.empty(), Optional.empty(), DEFAULT_MAX_ATTEMPTS, Optional.empty(), DEFAULT_TIME_RESERVE);
    }

    public static ConsumerSettings effectivelyOnce(String name, IdempotencyStore store) {
        return new ConsumerSettings(name, DeliverySemantics.EFFECTIVELY_ONCE, Optional.of(store), Optional.empty(), DEFAULT_MAX_ATTEMPTS, Optional.empty(), DEFAULT_TIME_RESERVE);
    }

    public ConsumerSettings withDeadLetters(DeadLetters destination) {
        return new ConsumerSettings(name, semantics, idempotency, Optional.of(destination), maxAttempts, metrics, timeReserve);
    }

    /** For SQS: after this many receives a message that asks for a retry is dead-lettered instead. */
    public ConsumerSettings withMaxAttempts(int attempts) {
        return new ConsumerSettings(name, semantics, idempotency, deadLetters, attempts, metrics, timeReserve);
    }

    /** Stop starting messages when less than {@code reserve} of the invocation is left. */
    public ConsumerSettings withTimeReserve(Duration reserve) {
        return new ConsumerSettings(name, semantics, idempotency, deadLetters, maxAttempts, metrics, reserve);
    }

    public ConsumerSettings withMetrics(EmfMetrics emf) {
        return new ConsumerSettings(name, semantics, idempotency, deadLetters, maxAttempts, Optional.of(emf), timeReserve);
    }
}
