package dev.ferry.functions.api;

import dev.ferry.correlation.CorrelationAttributes;
import dev.ferry.correlation.CorrelationContext;
import dev.ferry.envelope.Envelope;
import dev.ferry.functions.events.Events;
import dev.ferry.functions.events.RequestServed;
import dev.ferry.logging.JsonLogger;
import dev.ferry.logging.Logs;
import dev.ferry.metrics.EmfMetrics;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes {@code RequestServed} envelopes to the telemetry topic. At-most-once by design: a failed publish
 * is logged, counted ({@code TelemetryDropped}) and forgotten; it never fails the request that caused it.
 */
public final class SnsTelemetry implements Telemetry {

    private static final JsonLogger LOG = Logs.get(SnsTelemetry.class);

    private final SnsClient sns;
    private final String topicArn;
    private final EmfMetrics metrics;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    public SnsTelemetry(SnsClient sns, String topicArn, EmfMetrics metrics) {
        this.sns = sns;
        this.topicArn = topicArn;
        this.metrics = metrics;
    }

    @Override
    public void requestServed(RequestServed event) {
        try {
            Envelope<RequestServed> envelope = Envelope.of(Events.TELEMETRY_SOURCE, Events.REQUEST_SERVED, event.function(), event);
            Map<String, MessageAttributeValue> attributes = new HashMap<>(
                    CorrelationAttributes.sns(new CorrelationContext(envelope.correlationId(), envelope.causationId())));
            attributes.put("type", text(Events.REQUEST_SERVED));
            sns.publish(b -> b.topicArn(topicArn).message(Events.codec().encode(envelope)).messageAttributes(attributes));
            sent.incrementAndGet();
            metrics.count("TelemetrySent");
        } catch (RuntimeException failure) {
            dropped.incrementAndGet();
            metrics.count("TelemetryDropped");
            LOG.warn("telemetry not published; dropped (at-most-once)", "topic", topicArn, "error", String.valueOf(failure.getMessage()));
        } finally {
            metrics.flush();
        }
    }

    public long sent() {
        return sent.get();
    }

    public long dropped() {
        return dropped.get();
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
