package dev.ferry.local.lambda.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.deployment.EventSourceMappingSpec;
import dev.ferry.local.deployment.EventSourceMappingSpec.SourceKind;
import dev.ferry.local.lambda.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * An event source mapping as ListEventSourceMappings returns it ({@code EventSourceMappingConfiguration} in the
 * service model): the settings the deployment gives it, Lambda's defaults for those it leaves out
 * ({@code -1} for unlimited retries and record age), the stream-only settings only for streams.
 */
final class EventSourceMappingDocument {
    private EventSourceMappingDocument() {}

    /** A stable UUID per mapping: the same for every run of the same app, as a deployed mapping keeps its own. */
    static String uuidOf(EventSourceMappingSpec m) {
        return UUID.nameUUIDFromBytes(("ferry-event-source-mapping:" + m.logicalId()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static ObjectNode of(EventSourceMappingSpec m, Instant lastModified) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        String[] arn = m.functionArn().split(":");
        String uuid = uuidOf(m);
        o.put("UUID", uuid);
        o.put("EventSourceMappingArn", "arn:aws:lambda:" + arn[3] + ":" + arn[4] + ":event-source-mapping:" + uuid);
        o.put("EventSourceArn", m.eventSourceArn());
        o.put("FunctionArn", m.functionArn());
        o.put("State", m.enabled() ? "Enabled" : "Disabled");
        o.put("StateTransitionReason", "USER_INITIATED");
        // rest-json timestamps are epoch seconds
        o.put("LastModified", lastModified.toEpochMilli() / 1000.0);
        o.put("BatchSize", m.batchSize());
        o.put("MaximumBatchingWindowInSeconds", m.maximumBatchingWindow().toSeconds());
        if (!m.filterPatterns().isEmpty()) {
            var filters = o.putObject("FilterCriteria").putArray("Filters");
            m.filterPatterns().forEach(p -> filters.addObject().put("Pattern", p));
        }
        if (m.reportBatchItemFailures()) o.putArray("FunctionResponseTypes").add("ReportBatchItemFailures");
        if (m.kind() == SourceKind.SQS) {
            m.maximumConcurrency().ifPresent(c -> o.putObject("ScalingConfig").put("MaximumConcurrency", c));
            return o;
        }
        m.startingPosition().ifPresent(p -> o.put("StartingPosition", p.name()));
        m.startingPositionTimestamp().ifPresent(t -> o.put("StartingPositionTimestamp", t.toEpochMilli() / 1000.0));
        o.put("ParallelizationFactor", m.parallelizationFactor());
        o.put("BisectBatchOnFunctionError", m.bisectBatchOnFunctionError());
        o.put("MaximumRetryAttempts", m.maximumRetryAttempts().orElse(-1));
        o.put("MaximumRecordAgeInSeconds", m.maximumRecordAge().map(d -> d.toSeconds()).orElse(-1L));
        ObjectNode onFailure = o.putObject("DestinationConfig").putObject("OnFailure");
        m.onFailureDestinationArn().ifPresent(d -> onFailure.put("Destination", d));
        return o;
    }
}
