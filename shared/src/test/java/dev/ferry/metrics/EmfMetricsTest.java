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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmfMetricsTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final EmfMetrics metrics = new EmfMetrics("Ferry", Map.of("service", "payments"),
            new PrintStream(bytes, true, StandardCharsets.UTF_8), Clock.fixed(Instant.ofEpochMilli(1_764_500_000_000L), ZoneOffset.UTC));

    @Test
    void flushWritesOneEmbeddedMetricFormatDocumentWithTheCorrelationAsAProperty() throws Exception {
        try (Correlation.Scope scope = Correlation.open(CorrelationContext.of("corr-9", "evt-1"))) {
            metrics.count("MessagesProcessed");
            metrics.count("MessagesProcessed");
            metrics.add("HandlerLatency", 12.5, Unit.MILLISECONDS);
            metrics.add("HandlerLatency", 7, Unit.MILLISECONDS);
            metrics.flush();
        }
        JsonNode doc = new ObjectMapper().readTree(bytes.toString(StandardCharsets.UTF_8));
        JsonNode directive = doc.get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(doc.get("_aws").get("Timestamp").asLong()).isEqualTo(1_764_500_000_000L);
        assertThat(directive.get("Namespace").asText()).isEqualTo("Ferry");
        assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"service\"]]");
        assertThat(directive.get("Metrics").toString()).contains("{\"Name\":\"MessagesProcessed\",\"Unit\":\"Count\"}",
                "{\"Name\":\"HandlerLatency\",\"Unit\":\"Milliseconds\"}");
        assertThat(doc.get("service").asText()).isEqualTo("payments");
        assertThat(doc.get("MessagesProcessed").asInt()).isEqualTo(2);
        assertThat(doc.get("HandlerLatency").toString()).isEqualTo("[12.5,7]");
        assertThat(doc.get("correlationId").asText()).isEqualTo("corr-9");
        assertThat(doc.get("causationId").asText()).isEqualTo("evt-1");
    }

    @Test
    void aBatchFlushedAfterItsMessagesNamesEveryConversationItCounted() throws Exception {
        try (Correlation.Scope a = Correlation.open(CorrelationContext.of("corr-a", "evt-a"))) {
            metrics.count("MessagesProcessed");
        }
        try (Correlation.Scope b = Correlation.open(CorrelationContext.of("corr-b", "evt-b"))) {
            metrics.count("MessagesProcessed");
        }
        metrics.flush();
        JsonNode doc = new ObjectMapper().readTree(bytes.toString(StandardCharsets.UTF_8));
        assertThat(doc.get("correlationIds").toString()).isEqualTo("[\"corr-a\",\"corr-b\"]");
        assertThat(doc.has("correlationId")).isFalse();
        assertThat(doc.get("MessagesProcessed").asInt()).isEqualTo(2);
    }

    @Test
    void nothingCollectedWritesNothingAndFlushStartsOver() {
        metrics.flush();
        assertThat(bytes.size()).isZero();
        metrics.count("A");
        metrics.flush();
        metrics.flush();
        assertThat(bytes.toString(StandardCharsets.UTF_8).strip().lines()).hasSize(1);
    }

    @Test
    void aHundredAndFirstMetricNameStartsANewDocument() {
        for (int i = 0; i <= EmfMetrics.MAX_METRICS; i++) {
            metrics.count("m" + i);
        }
        metrics.flush();
        assertThat(bytes.toString(StandardCharsets.UTF_8).strip().lines()).hasSize(2);
    }
}
