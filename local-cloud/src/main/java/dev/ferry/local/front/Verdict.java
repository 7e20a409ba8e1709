package dev.ferry.local.front;

import java.util.Optional;

/** What a front decides about one request: answer it itself, or pass it to the service. */
public sealed interface Verdict {

    /**
     * Pass the request on; {@code observer} sees the service's answer. With a {@code body}, the request goes on with
     * that body instead of its own (e.g. a batch without the entries the front already failed).
     */
    record Forward(AnswerObserver observer, Optional<byte[]> body) implements Verdict {}

    /** Answer here with AWS's answer; the service never sees the request. */
    record Refuse(Answer answer) implements Verdict {}

    /** Pass the request on; its answer goes back as the service gave it. */
    static Verdict forward() {
        return new Forward(AnswerObserver.NONE, Optional.empty());
    }

    static Verdict forward(AnswerObserver observer) {
        return new Forward(observer, Optional.empty());
    }

    static Verdict forward(AnswerObserver observer, byte[] body) {
        return new Forward(observer, Optional.of(body));
    }

    static Verdict refuse(Answer answer) {
        return new Refuse(answer);
    }
}
