package dev.ferry.idempotency;

import com.amazonaws.services.lambda.runtime.Context;
import java.time.Duration;
import java.util.Optional;

/**
 * The guarded idempotency protocol: claim a key, run the effect, record the result (or release the key on
 * failure). States of a key: absent -> IN_PROGRESS (claim) -> COMPLETED (complete) or absent (release);
 * an IN_PROGRESS record past its in-progress expiry, or any record past its TTL, counts as absent.
 */
public interface IdempotencyStore {

    /** Claims {@code key} IN_PROGRESS for {@code inProgressFor}, or reports why it cannot. */
    ClaimOutcome claim(String key, String payloadHash, Duration inProgressFor);

    /** Stores the result of a claimed key: status COMPLETED, expiring after the store's TTL. */
    CompletionOutcome complete(Claim claim, String result);

    /** Gives a claimed key up after a failed effect, so a retry can run it. Does nothing if the claim was lost. */
    void release(Claim claim);

    /**
     * The stored result of {@code key} if it completed with this payload, without claiming anything: for a
     * caller that refuses a request on today's state but must still replay yesterday's answer to its repeat.
     */
    Optional<String> completedResult(String key, String payloadHash);

    /**
     * How long a claim made now should stay IN_PROGRESS: the rest of the invocation. A crashed or timed-out
     * invocation's claim becomes reclaimable as soon as that invocation can no longer be running.
     */
    static Duration inProgressWindow(Context lambda) {
        long remaining = lambda == null ? 0 : lambda.getRemainingTimeInMillis();
        return Duration.ofMillis(Math.max(remaining, 1_000));
    }
}
