package dev.ferry.idempotency;

import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What one {@code TransactWriteItems} of the transactional mode did. */
public sealed interface TransactionOutcome {

    /** The key record and every effect were written together. */
    record Committed() implements TransactionOutcome {
    }

    /** The key was already committed with the same payload: nothing was written; here is the first result. */
    record Duplicate(String storedResult) implements TransactionOutcome {
    }

    /** The key was committed with a different payload: nothing was written. */
    record PayloadMismatch(String key) implements TransactionOutcome {
    }

    /** A guarded-mode claim holds the key (the two modes should not share keys): nothing was written. */
    record InProgress(Instant until) implements TransactionOutcome {
    }

    /**
     * A business condition of effect number {@code effectIndex} failed (say, insufficient funds): nothing
     * was written, not even the key, so the message can be retried or rejected as the caller decides.
     * {@code currentItem} is the item as it stood when the effect asked for ALL_OLD, else empty.
     */
    record EffectRejected(int effectIndex, Map<String, AttributeValue> currentItem) implements TransactionOutcome {
    }
}
