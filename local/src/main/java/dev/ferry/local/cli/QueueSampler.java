package dev.ferry.local.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Samples the depth of the consumer queues while a load runs, as CloudWatch's {@code ApproximateNumberOfMessagesVisible}
 * and {@code ...NotVisible} would: waiting plus in flight, every {@link #PERIOD}. Keeps each queue's peak and its
 * latest depth.
 */
final class QueueSampler implements AutoCloseable {
    static final Duration PERIOD = Duration.ofMillis(250);

    private final SqsClient sqs;
    private final Map<String, String> urls = new LinkedHashMap<>();
    private final Map<String, Integer> peaks = new ConcurrentHashMap<>();
    private final Map<String, Integer> latest = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String lastError = "";

    /** Starts sampling the queues named (physical names). */
    QueueSampler(SqsClient sqs, List<String> queues) {
        this.sqs = sqs;
        for (String q : queues) {
            urls.put(q, sqs.getQueueUrl(b -> b.queueName(q)).queueUrl());
            peaks.put(q, 0);
            latest.put(q, 0);
        }
        this.thread = Thread.ofVirtual().name("ferry-load-queue-sampler").start(this::loop);
    }

    private void loop() {
        while (running) {
            sampleOnce();
            try {
                Thread.sleep(PERIOD);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Reads every queue's depth now. */
    void sampleOnce() {
        urls.forEach((name, url) -> {
            try {
                Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
                int depth = a.values().stream().mapToInt(Integer::parseInt).sum();
                latest.put(name, depth);
                peaks.merge(name, depth, Math::max);
            } catch (RuntimeException e) {
                lastError = name + ": " + e.getMessage();
            }
        });
    }

    Map<String, Integer> peaks() {
        return new LinkedHashMap<>(ordered(peaks));
    }

    Map<String, Integer> latest() {
        return new LinkedHashMap<>(ordered(latest));
    }

    /** Messages waiting or in flight in all the queues, at the latest sample. */
    int backlog() {
        return latest.values().stream().mapToInt(Integer::intValue).sum();
    }

    String lastError() {
        return lastError;
    }

    private Map<String, Integer> ordered(Map<String, Integer> values) {
        Map<String, Integer> ordered = new LinkedHashMap<>();
        urls.keySet().forEach(q -> ordered.put(q, values.getOrDefault(q, 0)));
        return ordered;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
