package dev.ferry.local.sqs;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the SQS front remembers about queues that ElasticMQ does not: each queue's own {@code MaximumMessageSize}
 * (ElasticMQ accepts the attribute and drops it) and when it was last purged (AWS allows one PurgeQueue per queue every
 * 60 seconds: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_PurgeQueue.html). Queues are
 * known by name: the local cloud has one account and one region.
 */
final class QueueBook {
    static final Duration PURGE_INTERVAL = Duration.ofSeconds(60);

    private final InstantSource clock;
    private final Map<String, Integer> maximumMessageSizes = new ConcurrentHashMap<>();
    private final Map<String, Instant> purges = new ConcurrentHashMap<>();

    QueueBook(InstantSource clock) {
        this.clock = clock;
    }

    /** The largest message the queue takes, in bytes: its MaximumMessageSize, by default SQS's 1 MiB. */
    int maximumMessageSize(String queueName) {
        return maximumMessageSizes.getOrDefault(queueName, SqsLimits.MAX_MESSAGE_BYTES);
    }

    void maximumMessageSize(String queueName, int bytes) {
        maximumMessageSizes.put(queueName, bytes);
    }

    /**
     * Starts a purge: its time, or empty when the last purge that went through is less than 60 s ago. Taken atomically,
     * so that of two purges sent together only one goes through, as on AWS.
     */
    Optional<Instant> startPurge(String queueName) {
        Instant now = clock.instant();
        Instant taken = purges.compute(queueName, (name, last) ->
                last != null && now.isBefore(last.plus(PURGE_INTERVAL)) ? last : now);
        return taken == now ? Optional.of(now) : Optional.empty();
    }

    /** The purge started at {@code at} did not happen (the emulator refused it): it does not count. */
    void purgeFailed(String queueName, Instant at) {
        purges.remove(queueName, at);
    }

    /** The queue was deleted: a queue of the same name created later starts afresh. */
    void forget(String queueName) {
        maximumMessageSizes.remove(queueName);
        purges.remove(queueName);
    }

    /** The queue name at the end of a queue URL ({@code http://host:port/ACCOUNT/NAME}). */
    static String nameOf(String queueUrl) {
        String path = queueUrl.endsWith("/") ? queueUrl.substring(0, queueUrl.length() - 1) : queueUrl;
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
