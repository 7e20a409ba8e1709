package dev.ferry.functions.api;

import dev.ferry.correlation.CorrelationAttributes;
import dev.ferry.correlation.CorrelationContext;
import dev.ferry.envelope.Envelope;
import dev.ferry.functions.events.Events;
import dev.ferry.functions.events.RequestServed;
import dev.ferry.logging.JsonLogger;
import dev.ferry.logging.Logs;
import dev.ferry.metrics.EmfMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;

/**
 * Publishes {@code RequestServed} envelopes to the telemetry topic off the request path: the request only
 * puts the envelope in a bounded buffer, and one daemon thread sends the buffer with {@code PublishBatch}
 * (up to 10 a request). A slow or failing SNS therefore never slows or fails a request.
 *
 * <p>At-most-once by design: an envelope is dropped and counted ({@code TelemetryDropped}) when the buffer
 * is full or its publish fails; envelopes still buffered when the execution environment is shut down are
 * lost uncounted. In Lambda the sending thread is frozen between invocations with the rest of the
 * environment and goes on when the next invocation thaws it.
 *
 * <p>Given a supplier, the sending thread builds the SNS client when it first publishes: building a client is among
 * the larger costs of a cold start, and this one then stays out of the function's init (docs/benchmarks.md, "The
 * functions jar and each function's init").
 */
public final class SnsTelemetry implements Telemetry, AutoCloseable {

    /** SNS PublishBatch takes at most 10 entries. */
    static final int BATCH = 10;
    static final int CAPACITY = 1_000;
    private static final JsonLogger LOG = Logs.get(SnsTelemetry.class);

    private record Pending(Envelope<RequestServed> envelope) {
    }

    private final Supplier<SnsClient> sns;
    private final String topicArn;
    private final EmfMetrics metrics;
    private final BlockingQueue<Pending> buffer;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread sender;
    private volatile boolean open = true;

    public SnsTelemetry(SnsClient sns, String topicArn, EmfMetrics metrics) {
        this(() -> sns, topicArn, metrics, CAPACITY);
    }

    /** Telemetry whose SNS client is built by the sending thread, on its first publish. */
    public SnsTelemetry(Supplier<SnsClient> sns, String topicArn, EmfMetrics metrics) {
        this(sns, topicArn, metrics, CAPACITY);
    }

    SnsTelemetry(SnsClient sns, String topicArn, EmfMetrics metrics, int capacity) {
        this(() -> sns, topicArn, metrics, capacity);
    }

    private SnsTelemetry(Supplier<SnsClient> sns, String topicArn, EmfMetrics metrics, int capacity) {
        this.sns = sns;
        this.topicArn = topicArn;
        this.metrics = metrics;
        this.buffer = new ArrayBlockingQueue<>(capacity);
        this.sender = Thread.ofPlatform().daemon().name("ferry-telemetry").start(this::sendLoop);
    }

    @Override
    public void requestServed(RequestServed event) {
        try {
            // Built here, inside the request's correlation scope, so the envelope carries its conversation.
            Envelope<RequestServed> envelope = Envelope.of(Events.TELEMETRY_SOURCE, Events.REQUEST_SERVED, event.function(), event);
            if (!open || !buffer.offer(new Pending(envelope))) {
                drop(1, "telemetry buffer full or closed");
            }
        } catch (RuntimeException failure) {
            drop(1, String.valueOf(failure.getMessage()));
        }
    }

    private void sendLoop() {
        List<Pending> batch = new ArrayList<>(BATCH);
        while (open || !buffer.isEmpty()) {
            try {
                Pending first = buffer.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                buffer.drainTo(batch, BATCH - 1);
                publish(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void publish(List<Pending> batch) {
        List<PublishBatchRequestEntry> entries = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Envelope<RequestServed> envelope = batch.get(i).envelope();
            Map<String, MessageAttributeValue> attributes = new HashMap<>(
                    CorrelationAttributes.sns(new CorrelationContext(envelope.correlationId(), envelope.causationId())));
            attributes.put("type", text(Events.REQUEST_SERVED));
            entries.add(PublishBatchRequestEntry.builder().id(Integer.toString(i))
                    .message(Events.codec().encode(envelope)).messageAttributes(attributes).build());
        }
        try {
            PublishBatchResponse response = sns.get().publishBatch(b -> b.topicArn(topicArn).publishBatchRequestEntries(entries));
            int ok = response.hasSuccessful() ? response.successful().size() : 0;
            int failed = response.hasFailed() ? response.failed().size() : 0;
            sent.addAndGet(ok);
            metrics.count("TelemetrySent", ok);
            if (failed > 0) {
                drop(failed, response.failed().getFirst().code() + " " + response.failed().getFirst().message());
            }
        } catch (RuntimeException failure) {
            drop(entries.size(), String.valueOf(failure.getMessage()));
        } finally {
            metrics.flush();
        }
    }

    private void drop(int count, String reason) {
        dropped.addAndGet(count);
        metrics.count("TelemetryDropped", count);
        LOG.warn("telemetry not published; dropped (at-most-once)", "topic", topicArn, "count", count, "error", reason);
    }

    public long sent() {
        return sent.get();
    }

    public long dropped() {
        return dropped.get();
    }

    /** Stops taking envelopes, sends what is buffered, and waits up to {@code millis} for the sender. */
    public void close(long millis) {
        open = false;
        try {
            sender.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(5_000);
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
