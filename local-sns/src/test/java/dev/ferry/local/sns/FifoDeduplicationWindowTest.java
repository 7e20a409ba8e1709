package dev.ferry.local.sns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** FIFO topics drop a repeated deduplication ID for five minutes, and only for five minutes. */
class FifoDeduplicationWindowTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final DeliveryStats stats = new DeliveryStats();
    private final SqsDeliverer sqs = new SqsDeliverer(URI.create("http://127.0.0.1:9"), "us-east-1");
    private final DeliveryEngine delivery = new DeliveryEngine(sqs, Map.of(), new Envelopes("http://127.0.0.1:1"),
            stats, 1, Duration.ZERO);
    private final SnsBackend backend = new SnsBackend("us-east-1", "000000000000", delivery, stats, clock);

    @AfterEach
    void close() {
        delivery.close();
        sqs.close();
    }

    private static PublishRequest message(String body, String deduplicationId) {
        return new PublishRequest(body, Optional.empty(), Optional.empty(), Map.of(), Optional.of("g"),
                Optional.of(deduplicationId));
    }

    @Test
    void duplicateWithinFiveMinutesGetsTheFirstResultAndIsNotPublishedAgain() {
        String topic = backend.createTopic("window.fifo", Map.of("FifoTopic", "true"), Map.of());

        PublishResult first = backend.publish(topic, message("a", "id-1"));
        clock.advance(Duration.ofMinutes(4).plusSeconds(59));
        PublishResult repeat = backend.publish(topic, message("a again", "id-1"));

        assertThat(repeat).isEqualTo(first);
        assertThat(stats.snapshot().published()).isEqualTo(1);
        assertThat(stats.snapshot().duplicates()).isEqualTo(1);
    }

    @Test
    void sameDeduplicationIdAfterTheWindowIsANewMessage() {
        String topic = backend.createTopic("expired.fifo", Map.of("FifoTopic", "true"), Map.of());

        PublishResult first = backend.publish(topic, message("a", "id-1"));
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        PublishResult later = backend.publish(topic, message("a", "id-1"));

        assertThat(later.messageId()).isNotEqualTo(first.messageId());
        assertThat(later.sequenceNumber().orElseThrow()).isGreaterThan(first.sequenceNumber().orElseThrow());
        assertThat(stats.snapshot().published()).isEqualTo(2);
    }

    @Test
    void deduplicationIsPerTopic() {
        String one = backend.createTopic("one.fifo", Map.of("FifoTopic", "true"), Map.of());
        String two = backend.createTopic("two.fifo", Map.of("FifoTopic", "true"), Map.of());

        PublishResult a = backend.publish(one, message("x", "same"));
        PublishResult b = backend.publish(two, message("x", "same"));

        assertThat(b.messageId()).isNotEqualTo(a.messageId());
    }
}
