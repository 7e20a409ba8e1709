package dev.ferry.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.correlation.Correlation;
import dev.ferry.correlation.CorrelationContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;

/**
 * The toolkit's EMF writer against the embedded metric format specification and against {@code aws-embedded-metrics}
 * given the same batch (docs/toolkit.md, "EMF: the hand-written writer or aws-embedded-metrics").
 */
class EmfConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double[] LATENCIES = {12.5, 7, 3.25, 40, 9, 11, 2, 5.5, 8, 13};

    @Test
    void aConsumersBatchIsAConformingDocumentWithTheSameValuesAsTheLibrarysLines() throws Exception {
        ByteArrayOutputStream ferry = new ByteArrayOutputStream();
        EmfMetrics metrics = new EmfMetrics("Ferry", Map.of("service", "payments"), new PrintStream(ferry, true, StandardCharsets.UTF_8),
                Clock.systemUTC());
        ByteArrayOutputStream library = new ByteArrayOutputStream();
        MetricsLogger logger = LibraryEmf.logger(new PrintStream(library, true, StandardCharsets.UTF_8));
        logger.setNamespace("Ferry");
        logger.setDimensions(DimensionSet.of("service", "payments"));

        try (Correlation.Scope scope = Correlation.open(CorrelationContext.of("corr-9", "evt-1"))) {
            for (double latency : LATENCIES) {
                metrics.count("MessagesProcessed");
                metrics.add("HandlerLatency", latency, Unit.MILLISECONDS);
                logger.putMetric("MessagesProcessed", 1, software.amazon.cloudwatchlogs.emf.model.Unit.COUNT);
                logger.putMetric("HandlerLatency", latency, software.amazon.cloudwatchlogs.emf.model.Unit.MILLISECONDS);
            }
            logger.putProperty("correlationId", "corr-9");
            metrics.flush();
            logger.flush();
        }

        JsonNode ours = single(ferry);
        JsonNode theirs = single(library);
        assertThat(EmfSpec.violations(ours)).isEmpty();
        assertThat(EmfSpec.violations(theirs)).isEmpty();
        assertThat(sum(ours.get("MessagesProcessed"))).isEqualTo(sum(theirs.get("MessagesProcessed"))).isEqualTo(10);
        assertThat(values(ours.get("HandlerLatency"))).containsExactlyInAnyOrderElementsOf(values(theirs.get("HandlerLatency")));
        assertThat(ours.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions"))
                .isEqualTo(theirs.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions"));
        assertThat(ours.get("correlationId").asText()).isEqualTo(theirs.get("correlationId").asText()).isEqualTo("corr-9");
    }

    @Test
    void moreThanAHundredValuesOfAMetricAreSplitIntoConformingDocuments() throws Exception {
        ByteArrayOutputStream ferry = new ByteArrayOutputStream();
        EmfMetrics metrics = new EmfMetrics("Ferry", Map.of("service", "audit"), new PrintStream(ferry, true, StandardCharsets.UTF_8),
                Clock.systemUTC());
        for (int i = 0; i < 250; i++) metrics.add("RecordAge", i, Unit.MILLISECONDS);
        metrics.flush();

        List<String> lines = ferry.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(3);
        for (String line : lines) assertThat(EmfSpec.violations(JSON.readTree(line))).isEmpty();
    }

    @Test
    void theSpecCheckFindsAMetricWithoutItsValueAndADimensionWithoutItsMember() throws Exception {
        JsonNode broken = JSON.readTree("{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"Ferry\","
                + "\"Dimensions\":[[\"service\"]],\"Metrics\":[{\"Name\":\"Lost\",\"Unit\":\"Pieces\"}]}]}}");

        assertThat(EmfSpec.violations(broken)).containsExactlyInAnyOrder("dimension \"service\" has no string member",
                "Lost: unknown Unit \"Pieces\"", "Lost is not a number or an array of at most 100 numbers: ");
    }

    private static JsonNode single(ByteArrayOutputStream bytes) throws Exception {
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(1);
        return JSON.readTree(lines.getFirst());
    }

    private static double sum(JsonNode value) {
        return values(value).stream().mapToDouble(Double::doubleValue).sum();
    }

    private static List<Double> values(JsonNode value) {
        List<Double> values = new ArrayList<>();
        if (value.isArray()) value.forEach(v -> values.add(v.asDouble()));
        else values.add(value.asDouble());
        return values;
    }
}
