package dev.ferry.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.correlation.Correlation;
import dev.ferry.correlation.CorrelationContext;
import dev.ferry.testing.TestLambdaContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class JsonLoggerTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final JsonLogger log = new JsonLogger("Orders", new PrintStream(bytes, true, StandardCharsets.UTF_8),
            Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC), Level.INFO);

    @Test
    void everyLineCarriesTheInvocationTheConversationAndTheMessage() throws Exception {
        try (LogContext.Scope invocation = LogContext.invocation(new TestLambdaContext("orders-api", "req-1", 1000));
             LogContext.Scope message = LogContext.message("msg-7");
             Correlation.Scope correlation = Correlation.open(CorrelationContext.of("corr-1", "evt-0"))) {
            log.info("order stored", "orderId", "o-1", "amount", 50, "replayed", false);
        }
        JsonNode line = new ObjectMapper().readTree(bytes.toString(StandardCharsets.UTF_8));
        assertThat(line.get("timestamp").asText()).isEqualTo("2026-11-30T10:00:00Z");
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("message").asText()).isEqualTo("order stored");
        assertThat(line.get("function").asText()).isEqualTo("orders-api");
        assertThat(line.get("requestId").asText()).isEqualTo("req-1");
        assertThat(line.get("correlationId").asText()).isEqualTo("corr-1");
        assertThat(line.get("causationId").asText()).isEqualTo("evt-0");
        assertThat(line.get("messageId").asText()).isEqualTo("msg-7");
        assertThat(line.get("amount").asInt()).isEqualTo(50);
        assertThat(line.get("replayed").asBoolean()).isFalse();
    }

    @Test
    void oneEventIsOneLineEvenWithNewlinesQuotesAndStackTraces() throws Exception {
        log.error("boom \"quoted\"\nsecond line \u2028", new IllegalStateException("bad\tthing"));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text.strip().lines()).hasSize(1);
        JsonNode line = new ObjectMapper().readTree(text);
        assertThat(line.get("message").asText()).isEqualTo("boom \"quoted\"\nsecond line \u2028");
        assertThat(line.get("error").asText()).contains("IllegalStateException: bad\tthing");
        assertThat(line.get("stackTrace").asText()).contains("JsonLoggerTest");
    }

    @Test
    void levelsBelowTheThresholdAreDropped() {
        log.debug("noise");
        assertThat(bytes.size()).isZero();
    }

    @Test
    void thresholdComesFromItsNameAndFallsBackToInfo() {
        assertThat(Logs.threshold("warn")).isEqualTo(Level.WARN);
        assertThat(Logs.threshold("verbose")).isEqualTo(Level.INFO);
    }
}
