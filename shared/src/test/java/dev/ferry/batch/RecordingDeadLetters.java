package dev.ferry.batch;

import java.util.ArrayList;
import java.util.List;

/** A dead-letter destination that keeps what it is sent, and can be told to be down. */
final class RecordingDeadLetters implements DeadLetters {

    final List<DeadLetter> letters = new ArrayList<>();
    boolean down;

    @Override
    public void send(DeadLetter letter) {
        if (down) {
            throw new IllegalStateException("DLQ unreachable");
        }
        letters.add(letter);
    }
}
