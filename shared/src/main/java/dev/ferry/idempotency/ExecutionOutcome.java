package dev.ferry.idempotency;

import java.time.Instant;

/**
 * Every way one run of {@link GuardedExecutor} can end. Store failures are outcomes, not exceptions, so
 * that each caller (the HTTP endpoint, the batch consumers) gives every failure of every step an answer
 * of its own; only an exception thrown by the effect itself propagates (after the key was released).
 *
 * @param <T> what the effect hands back to its caller
 */
public sealed interface ExecutionOutcome<T> {

    /** The effect ran now, returned {@code value} and asked to be remembered; {@code recording} says if it was. */
    record Executed<T>(T value, Recording recording) implements ExecutionOutcome<T> {
    }

    /**
     * The effect ran and asked not to be remembered (say, a 5xx answer or a message to retry). {@code released}
     * is false when giving the key back failed: repeats are then told to wait until its window ends.
     */
    record Discarded<T>(T value, boolean released) implements ExecutionOutcome<T> {
    }

    /** The effect had already run for this key and payload; {@code stored} is what it asked to be remembered. */
    record Replayed<T>(String stored) implements ExecutionOutcome<T> {
    }

    /** Another invocation holds the key until {@code until}; try again after it. Nothing ran. */
    record InProgress<T>(Instant until) implements ExecutionOutcome<T> {
    }

    /** The key was used before with a different payload: a caller's bug, never a retry. Nothing ran. */
    record PayloadMismatch<T>(String key) implements ExecutionOutcome<T> {
    }

    /**
     * The claim could not be made or its answer was lost (store throttled or unreachable, or the process
     * failed mid-request). Nothing ran; the claim may or may not be stored, so a retry either runs the effect
     * or waits for the window of the stored claim.
     */
    record ClaimFailed<T>(RuntimeException cause) implements ExecutionOutcome<T> {
    }
}
