package dev.ferry.local.redrive;

import java.util.List;
import java.util.Optional;

/** How the redrive of one stream failure record ended; only {@link Redriven} lets the record go. */
public sealed interface RedriveOutcome {

    /** Whether the whole range was processed, so that the failure record can be deleted. */
    default boolean processed() {
        return this instanceof Redriven;
    }

    /**
     * The function processed every record of the range.
     *
     * @param read        records of the range read from the stream
     * @param delivered   those the mapping's filters pass, sent to the function (none: nothing to invoke)
     * @param requestId   the invocation's request id; empty when nothing was delivered
     */
    record Redriven(int read, int delivered, Optional<String> requestId) implements RedriveOutcome {}

    /** The function failed on the range (X-Amz-Function-Error); {@code error} is its error type and message. */
    record FunctionFailed(int read, int delivered, String requestId, String error) implements RedriveOutcome {}

    /** The function answered with a partial batch response naming these records as failed. */
    record PartiallyFailed(int read, int delivered, String requestId, List<String> failedSequenceNumbers) implements RedriveOutcome {
        public PartiallyFailed {
            failedSequenceNumbers = List.copyOf(failedSequenceNumbers);
        }
    }

    /** The stream no longer holds the range (past its retention, or the shard is gone). */
    record Trimmed(String detail) implements RedriveOutcome {}

    /** Nothing was redriven, for the reason given: an unreadable record or range, no mapping, a refused invocation. */
    record NotRedriven(String reason) implements RedriveOutcome {}
}
