package dev.ferry.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.correlation.Correlation;
import dev.ferry.correlation.CorrelationContext;
import dev.ferry.testing.TestLambdaContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.LoggingEvent;

/** The toolkit's logger routed through SLF4J: the backend an application binds gets the same fields as the JSON lines. */
class Slf4jSinkTest {

    private final RecordingSlf4jLogger backend = new RecordingSlf4jLogger("Orders", org.slf4j.event.Level.INFO);
    private final JsonLogger log = new JsonLogger(new Slf4jSink(backend));

    @Test
    void theBackendGetsTheMessageTheInvocationTheConversationAndThePairsAsKeyValues() {
        try (LogContext.Scope invocation = LogContext.invocation(new TestLambdaContext("orders-api", "req-1", 1000));
             LogContext.Scope message = LogContext.message("msg-7");
             Correlation.Scope correlation = Correlation.open(CorrelationContext.of("corr-1", "evt-0"))) {
            log.info("order stored", "orderId", "o-1", "amount", 50);
        }

        assertThat(backend.events).hasSize(1);
        LoggingEvent event = backend.events.getFirst();
        assertThat(event.getLevel()).isEqualTo(org.slf4j.event.Level.INFO);
        assertThat(event.getMessage()).isEqualTo("order stored");
        assertThat(pairs(event)).containsExactly(Map.entry("function", "orders-api"), Map.entry("requestId", "req-1"),
                Map.entry("correlationId", "corr-1"), Map.entry("causationId", "evt-0"), Map.entry("messageId", "msg-7"),
                Map.entry("orderId", "o-1"), Map.entry("amount", 50));
    }

    @Test
    void anErrorTravelsAsTheEventsCause() {
        IllegalStateException failure = new IllegalStateException("table gone");
        log.error("store failed", failure, "orderId", "o-1");

        LoggingEvent event = backend.events.getFirst();
        assertThat(event.getLevel()).isEqualTo(org.slf4j.event.Level.ERROR);
        assertThat(event.getThrowable()).isSameAs(failure);
        assertThat(pairs(event)).containsEntry("orderId", "o-1");
    }

    @Test
    void theBackendsThresholdDecidesWhatIsLogged() {
        log.debug("noise", "n", 1);

        assertThat(backend.events).isEmpty();
        assertThat(log.enabled(Level.DEBUG)).isFalse();
        assertThat(log.enabled(Level.WARN)).isTrue();
    }

    @Test
    void slf4jIsTheRouteOnlyWhenABackendIsBoundOrItIsAskedFor() {
        assertThat(Logs.backend(null, () -> false)).as("no backend: JSON lines").isEqualTo(Logs.Backend.JSON);
        assertThat(Logs.backend(null, () -> true)).as("a backend").isEqualTo(Logs.Backend.SLF4J);
        assertThat(Logs.backend("auto", () -> true)).isEqualTo(Logs.Backend.SLF4J);
        assertThat(Logs.backend("json", () -> true)).isEqualTo(Logs.Backend.JSON);
        assertThat(Logs.backend(" SLF4J ", () -> false)).isEqualTo(Logs.Backend.SLF4J);
    }

    private static Map<String, Object> pairs(LoggingEvent event) {
        Map<String, Object> pairs = new LinkedHashMap<>();
        for (KeyValuePair pair : event.getKeyValuePairs()) {
            pairs.put(pair.key, pair.value);
        }
        return pairs;
    }
}
