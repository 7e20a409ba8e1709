package dev.ferry.local.dynamodb.ops;

import dev.ferry.local.dynamodb.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * ClientRequestTokens of successful TransactWriteItems calls, remembered for ten minutes: a repeat with
 * the same request succeeds without writing again; a different request with the same token is refused.
 */
final class TransactionTokens {
    static final Duration WINDOW = Duration.ofMinutes(10);

    private record Seen(String fingerprint, Instant at) {}

    private final Clock clock;
    private final Map<String, Seen> seen = new HashMap<>();

    TransactionTokens(Clock clock) {
        this.clock = clock;
    }

    /** True when this exact request already succeeded within the window. */
    synchronized boolean isRepeat(String token, String fingerprint) {
        Instant now = clock.instant();
        seen.values().removeIf(s -> s.at().plus(WINDOW).isBefore(now));
        Seen previous = seen.get(token);
        if (previous == null) return false;
        if (!previous.fingerprint().equals(fingerprint)) {
            throw new ApiException("IdempotentParameterMismatchException", 400,
                    "ClientRequestToken " + token + " was used within the last 10 minutes for a different request; "
                            + "use a new token for a new request");
        }
        return true;
    }

    synchronized void remember(String token, String fingerprint) {
        seen.put(token, new Seen(fingerprint, clock.instant()));
    }
}
