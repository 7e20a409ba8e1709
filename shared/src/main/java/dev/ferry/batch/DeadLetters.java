package dev.ferry.batch;

/** Where a consumer sends the messages it gives up on. Throws when the letter could not be stored. */
public interface DeadLetters {
    void send(DeadLetter letter);
}
