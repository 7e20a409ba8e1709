package dev.ferry.functions.analytics;

import dev.ferry.functions.money.Money;
import java.util.Optional;

/** What one event adds to the projection: one to its type's count in its minute, and revenue if it earned some. */
public record Contribution(String eventId, String minute, String type, Optional<Money> revenue) {
}
