package dev.ferry.idempotency;

import java.time.Instant;

/** What a claim on an idempotency key found. Exactly one DynamoDB request produces each of these. */
public sealed interface ClaimOutcome {

    /** The key is ours: run the effect, then {@code complete} or {@code release}. */
    record Claimed(Claim claim) implements ClaimOutcome {
    }

    /** The effect already ran for this key and payload; here is what it returned. */
    record Completed(String storedResult) implements ClaimOutcome {
    }

    /** Another invocation holds the key until {@code until}; retry later, do not run the effect. */
    record InProgress(Instant until) implements ClaimOutcome {
    }

    /** The key was used before with a different payload: a client bug, never a retry. */
    record PayloadMismatch(String key) implements ClaimOutcome {
    }
}
