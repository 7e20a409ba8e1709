package dev.ferry.idempotency;

import java.time.Instant;

/** The result of running an effect through {@link GuardedExecutor}. */
public sealed interface ExecutionOutcome {

    /** The effect ran now and returned {@code result}. */
    record Executed(String result) implements ExecutionOutcome {
    }

    /** The effect had already run; {@code result} is what it returned then. */
    record Replayed(String result) implements ExecutionOutcome {
    }

    /** Another invocation is running the effect; try again after {@code until}. */
    record InProgress(Instant until) implements ExecutionOutcome {
    }

    /** The key was used before with a different payload. */
    record PayloadMismatch(String key) implements ExecutionOutcome {
    }
}
