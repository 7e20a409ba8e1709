package dev.ferry.local.sns;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A topic's mutable state. Guarded by the {@link SnsBackend} lock. */
final class Topic {
    /** SNS FIFO topics drop a repeated deduplication ID for five minutes. */
    static final long DEDUPLICATION_WINDOW_MILLIS = 5 * 60 * 1000;

    final String arn;
    final String name;
    final boolean fifo;
    final Map<String, String> attributes = new LinkedHashMap<>();
    final Map<String, String> tags = new LinkedHashMap<>();
    private final Map<String, PublishResult> recentDeduplicationIds = new HashMap<>();
    private final Map<String, Instant> deduplicationExpiry = new HashMap<>();
    private long sequence;
    int subscriptionsDeleted;

    Topic(String arn, String name, boolean fifo) {
        this.arn = arn;
        this.name = name;
        this.fifo = fifo;
    }

    boolean contentBasedDeduplication() {
        return Boolean.parseBoolean(attributes.getOrDefault("ContentBasedDeduplication", "false"));
    }

    /** The earlier result when {@code deduplicationId} was seen within the window. */
    Optional<PublishResult> duplicate(String deduplicationId, Instant now) {
        deduplicationExpiry.entrySet().removeIf(e -> {
            boolean expired = e.getValue().isBefore(now);
            if (expired) {
                recentDeduplicationIds.remove(e.getKey());
            }
            return expired;
        });
        return Optional.ofNullable(recentDeduplicationIds.get(deduplicationId));
    }

    void remember(String deduplicationId, PublishResult result, Instant now) {
        recentDeduplicationIds.put(deduplicationId, result);
        deduplicationExpiry.put(deduplicationId, now.plusMillis(DEDUPLICATION_WINDOW_MILLIS));
    }

    /** FIFO sequence numbers: increasing, 20 digits, as SNS prints them. */
    String nextSequenceNumber() {
        sequence++;
        return String.format("%020d", sequence);
    }
}
