package dev.ferry.idempotency;

/** What recording the result of a claimed key did. */
public sealed interface CompletionOutcome {

    /** The result is stored; repeats of the key get it back. */
    record Recorded() implements CompletionOutcome {
    }

    /**
     * The claim had expired and someone else took the key over (or it was released): the result was not
     * stored. The effect may have run twice; this is the guarded mode's documented window.
     */
    record ClaimLost(String key) implements CompletionOutcome {
    }
}
