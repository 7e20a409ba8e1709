package dev.ferry.functions.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.envelope.Envelope;
import dev.ferry.envelope.EnvelopeCodec;
import dev.ferry.functions.events.Events;
import dev.ferry.functions.money.Money;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnalyticsProjectionTest {

    private static Envelope<JsonNode> event(String type, String time, Map<String, String> data) {
        return new Envelope<>("e-1", "/ferry/orders", type, "o-1", Instant.parse(time), EnvelopeCodec.mapper().valueToTree(data), "c-1", Optional.empty());
    }

    @Test
    void theMinuteIsTheEventsOwnTimeInUtc() {
        Contribution c = AnalyticsProjection.of(event(Events.ORDER_PLACED, "2026-11-30T10:15:59.999Z", Map.of("amount", "1.00", "currency", "USD")));
        assertThat(c.minute()).isEqualTo("2026-11-30T10:15Z");
        assertThat(c.type()).isEqualTo(Events.ORDER_PLACED);
        assertThat(c.revenue()).as("placed is not yet revenue").isEmpty();
    }

    @Test
    void confirmedOrdersAreRevenueExactly() {
        Contribution c = AnalyticsProjection.of(event(Events.ORDER_CONFIRMED, "2026-11-30T10:16:00Z", Map.of("amount", "12.50", "currency", "EUR")));
        assertThat(c.revenue()).contains(Money.parse("12.50", "EUR"));
    }
}
