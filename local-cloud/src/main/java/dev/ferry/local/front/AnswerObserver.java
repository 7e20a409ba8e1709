package dev.ferry.local.front;

import dev.ferry.local.http.HttpHead;
import java.util.Optional;

/**
 * Sees the service's answer to a forwarded request. Answers stream through untouched unless the observer asks to
 * rewrite them: then they are read whole first, so that the observer can put AWS's shape on them.
 */
public interface AnswerObserver {

    AnswerObserver NONE = new AnswerObserver() {};

    /** The service answered 2xx or 3xx; its answer is about to go back to the caller. */
    default void succeeded() {}

    /** Whether {@link #rewriteSuccess} should see successful bodies; when not, they stream through. */
    default boolean rewritesSuccesses() {
        return false;
    }

    /** The body to send instead of a successful answer's {@code body} (e.g. with failures the front added). */
    default byte[] rewriteSuccess(byte[] body) {
        return body;
    }

    /** Whether {@link #failed} would ever replace anything; when not, error answers stream through too. */
    default boolean rewritesErrors() {
        return false;
    }

    /**
     * The service answered {@code status} (400 or more) with {@code body}: a replacement to send instead, or empty to
     * send the service's answer as it came.
     */
    default Optional<Answer> failed(int status, HttpHead head, byte[] body) {
        return Optional.empty();
    }
}
