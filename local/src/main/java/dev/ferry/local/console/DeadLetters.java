package dev.ferry.local.console;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The dead-letter queues as {@code ferry dlq} sees them (list, show, redrive), for the console's DLQ panel: the CLI
 * gives its own implementation, so that the page and the command act alike.
 */
public interface DeadLetters {

    /** A dead-letter queue, its depth and the queues that send to it. */
    record Queue(String name, long depth, long inFlight, List<String> sources, boolean onFailureDestination) {
        public Queue {
            sources = List.copyOf(sources);
        }
    }

    /**
     * One message, left on the queue.
     *
     * @param reason why its consumer gave up on it, in one line
     * @param report what {@code ferry dlq show} prints for it
     */
    record Letter(String messageId, Optional<Instant> sent, int receiveCount, String reason, String report, String body) {}

    /** @param moved messages moved back (or ranges re-processed); {@code message} says what happened, as the command does */
    record Redriven(boolean completed, long moved, String message) {}

    List<Queue> list();

    /** Up to {@code max} messages of the queue named; an {@link IllegalArgumentException} when there is no such queue. */
    List<Letter> show(String queue, int max);

    /** Moves the messages back to their source (a stream's failure records: re-processes each range); blocks until done. */
    Redriven redrive(String queue) throws InterruptedException;
}
