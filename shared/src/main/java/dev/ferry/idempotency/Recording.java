package dev.ferry.idempotency;

/** Whether the result of an executed effect was stored for its key. */
public sealed interface Recording {

    /** Stored: repeats of the key replay it. */
    record Recorded() implements Recording {
    }

    /**
     * The claim had expired and another invocation took the key before the result was stored: the effect
     * may have run twice. This is guarded mode's documented window (docs/toolkit.md).
     */
    record ClaimLost() implements Recording {
    }

    /**
     * The store kept failing (throttled, unreachable) while the result was being stored. The effect stands
     * and its result goes back to the caller; the key stays IN_PROGRESS until its window ends (repeats are
     * told to wait), after which a repeat runs the effect again.
     */
    record NotRecorded(String reason) implements Recording {
    }
}
