package dev.ferry.functions.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.envelope.Envelope;
import dev.ferry.functions.events.Events;
import dev.ferry.functions.money.Money;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The analytics projection as a pure function of the event: the minute is the event's own {@code time}
 * (UTC, truncated), never the time of processing, so the live consumer and a replay that reads the same
 * events compute the same table. Revenue is the amount of each {@code OrderConfirmed}, per currency.
 */
public final class AnalyticsProjection {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC);

    private AnalyticsProjection() {
    }

    public static Contribution of(Envelope<JsonNode> event) {
        String minute = MINUTE.format(event.time().truncatedTo(ChronoUnit.MINUTES));
        Optional<Money> revenue = Optional.empty();
        if (Events.ORDER_CONFIRMED.equals(event.type())) {
            revenue = Optional.of(Money.parse(event.data().path("amount").asText(""), event.data().path("currency").asText("")));
        }
        return new Contribution(event.id(), minute, event.type(), revenue);
    }
}
