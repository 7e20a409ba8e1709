package dev.ferry.batch;

/** What a handler made of one message. Failures are values, not exceptions. */
public sealed interface Outcome {

    /** Handled; do not deliver again. */
    record Done() implements Outcome {
    }

    /** Not handled this time for a reason that may pass (a dependency down, a race): deliver again. */
    record Retry(String reason) implements Outcome {
    }

    /** Can never be handled (malformed, impossible): send to the dead-letter destination with the reason. */
    record Reject(String reason) implements Outcome {
    }

    static Outcome done() {
        return new Done();
    }

    static Outcome retry(String reason) {
        return new Retry(reason);
    }

    static Outcome reject(String reason) {
        return new Reject(reason);
    }
}
