package dev.ferry.functions.telemetry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.batch.ConsumerSettings;
import dev.ferry.batch.Outcome;
import dev.ferry.batch.SnsEventConsumer;
import dev.ferry.envelope.Envelope;
import dev.ferry.envelope.EnvelopeFormatException;
import dev.ferry.functions.events.Events;
import dev.ferry.logging.JsonLogger;
import dev.ferry.logging.Logs;
import dev.ferry.metrics.EmfMetrics;
import dev.ferry.metrics.Unit;
import java.time.Clock;
import java.util.Map;

/**
 * Telemetry, subscribed to the {@code telemetry} topic with asynchronous invocation, no retries and no DLQ:
 * at-most-once. The toolkit's SNS consumer runs it AT_MOST_ONCE (what cannot be handled is counted as lost,
 * never retried), and the handler never throws: a thrown error would only ask for a retry this design
 * deliberately does not have.
 */
public final class TelemetryHandler implements RequestHandler<SNSEvent, Void> {

    public static final String CONSUMER = "Telemetry";
    private static final JsonLogger LOG = Logs.get(TelemetryHandler.class);

    private final TelemetryCounts counts = new TelemetryCounts();
    private final EmfMetrics metrics = new EmfMetrics("Ferry", Map.of("service", CONSUMER), System.out, Clock.systemUTC());
    private final SnsEventConsumer consumer;

    public TelemetryHandler() {
        this(System.getenv());
    }

    /** Telemetry needs nothing from its environment; the constructor keeps the shape of every handler. */
    public TelemetryHandler(Map<String, String> environment) {
        this.consumer = new SnsEventConsumer(ConsumerSettings.atMostOnce(CONSUMER).withMetrics(metrics), this::count);
    }

    @Override
    public Void handleRequest(SNSEvent event, Context context) {
        try {
            if (event != null) {
                consumer.handle(event, context);
            }
        } catch (RuntimeException | LinkageError unexpected) {
            counts.add("Failed");
            LOG.error("telemetry batch dropped (at-most-once)", unexpected);
        }
        return null;
    }

    private Outcome count(SNSEvent.SNSRecord record) {
        Envelope<JsonNode> envelope;
        try {
            envelope = Events.codec().decodeTree(record.getSNS().getMessage());
        } catch (EnvelopeFormatException malformed) {
            counts.add("Malformed");
            return Outcome.reject("malformed telemetry: " + malformed.getMessage());
        }
        counts.add(envelope.type());
        if (Events.REQUEST_SERVED.equals(envelope.type())) {
            JsonNode data = envelope.data();
            metrics.count("Status" + (data.path("status").asInt(0) / 100) + "xx");
            metrics.add("RequestDuration", data.path("durationMillis").asLong(0), Unit.MILLISECONDS);
        }
        return Outcome.done();
    }

    public TelemetryCounts counts() {
        return counts;
    }
}
