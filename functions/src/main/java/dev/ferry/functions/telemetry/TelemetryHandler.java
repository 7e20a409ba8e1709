package dev.ferry.functions.telemetry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.correlation.Correlation;
import dev.ferry.correlation.CorrelationExtractor;
import dev.ferry.envelope.Envelope;
import dev.ferry.functions.events.Events;
import dev.ferry.logging.JsonLogger;
import dev.ferry.logging.LogContext;
import dev.ferry.logging.Logs;
import dev.ferry.metrics.EmfMetrics;
import dev.ferry.metrics.Unit;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Telemetry, subscribed to the {@code telemetry} topic with asynchronous invocation, no retries and no DLQ:
 * at-most-once. It counts what arrives and never throws, because a thrown error would only ask for a retry
 * that this design deliberately does not have; whatever it cannot read is counted as malformed and dropped.
 */
public final class TelemetryHandler implements RequestHandler<SNSEvent, Void> {

    private static final JsonLogger LOG = Logs.get(TelemetryHandler.class);

    private final TelemetryCounts counts = new TelemetryCounts();
    private final EmfMetrics metrics;

    public TelemetryHandler() {
        this(System.getenv());
    }

    public TelemetryHandler(Map<String, String> environment) {
        this.metrics = new EmfMetrics("Ferry", Map.of("service", "Telemetry"), System.out, Clock.systemUTC());
    }

    @Override
    public Void handleRequest(SNSEvent event, Context context) {
        try (LogContext.Scope invocation = LogContext.invocation(context)) {
            List<SNSEvent.SNSRecord> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
            for (SNSEvent.SNSRecord record : records) {
                count(record);
            }
        } catch (RuntimeException | LinkageError unexpected) {
            counts.add("Failed");
            LOG.error("telemetry batch dropped (at-most-once)", unexpected);
        } finally {
            try {
                metrics.flush();
            } catch (RuntimeException ignored) {
                counts.add("MetricsLost");
            }
        }
        return null;
    }

    private void count(SNSEvent.SNSRecord record) {
        try (Correlation.Scope c = Correlation.open(CorrelationExtractor.fromSns(record))) {
            Envelope<JsonNode> envelope = Events.codec().decodeTree(record.getSNS().getMessage());
            counts.add(envelope.type());
            metrics.count("TelemetryReceived");
            if (Events.REQUEST_SERVED.equals(envelope.type())) {
                JsonNode data = envelope.data();
                metrics.count("Status" + (data.path("status").asInt(0) / 100) + "xx");
                metrics.add("RequestDuration", data.path("durationMillis").asLong(0), Unit.MILLISECONDS);
            }
        } catch (RuntimeException malformed) {
            counts.add("Malformed");
            metrics.count("TelemetryMalformed");
            LOG.warn("malformed telemetry dropped", "reason", String.valueOf(malformed.getMessage()));
        }
    }

    public TelemetryCounts counts() {
        return counts;
    }
}
