package dev.ferry.local.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The front's memory of queues. AWS allows one PurgeQueue per queue every 60 seconds
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_PurgeQueue.html).
 */
class QueueBookTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final QueueBook queues = new QueueBook(clock);

    @Test
    void aPurgeIsAllowedAgainOnceSixtySecondsHavePassed() {
        assertThat(queues.startPurge("orders")).isPresent();

        clock.advance(Duration.ofSeconds(59));
        assertThat(queues.startPurge("orders")).isEmpty();
        assertThat(queues.startPurge("payments")).isPresent();

        clock.advance(Duration.ofSeconds(1));
        assertThat(queues.startPurge("orders")).isPresent();
    }

    @Test
    void aPurgeTheEmulatorRefusedDoesNotCount() {
        Instant started = queues.startPurge("orders").orElseThrow();

        queues.purgeFailed("orders", started);

        assertThat(queues.startPurge("orders")).isPresent();
    }

    @Test
    void aDeletedQueueIsForgottenSoARecreatedOneStartsAfresh() {
        queues.maximumMessageSize("orders", 2048);
        queues.startPurge("orders");

        queues.forget("orders");

        assertThat(queues.maximumMessageSize("orders")).isEqualTo(1_048_576);
        assertThat(queues.startPurge("orders")).isPresent();
    }

    @Test
    void queuesAreKnownByTheLastSegmentOfTheirUrl() {
        assertThat(QueueBook.nameOf("http://127.0.0.1:9324/000000000000/orders.fifo")).isEqualTo("orders.fifo");
        assertThat(QueueBook.nameOf("http://127.0.0.1:9324/000000000000/orders/")).isEqualTo("orders");
    }
}
