package dev.ferry.local.dynamodb.ops;

import dev.ferry.local.dynamodb.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ClientRequestTokens of successful TransactWriteItems calls, remembered for ten minutes: a repeat with
 * the same request succeeds without writing again; a different request with the same token is refused.
 * The SDKs give every transaction a fresh token (and reuse it on retries), so this holds one entry per
 * transaction of the last ten minutes: entries keep a digest of the request, not the request, and are
 * evicted oldest first.
 */
final class TransactionTokens {
    static final Duration WINDOW = Duration.ofMinutes(10);

    private record Seen(byte[] digest, Instant at) {}

    private final Clock clock;
    private final LinkedHashMap<String, Seen> seen = new LinkedHashMap<>();

    TransactionTokens(Clock clock) {
        this.clock = clock;
    }

    /** True when this exact request already succeeded within the window. */
    synchronized boolean isRepeat(String token, String request) {
        Instant now = clock.instant();
        evictExpired(now);
        Seen previous = seen.get(token);
        if (previous == null) return false;
        if (!Arrays.equals(previous.digest(), digest(request))) {
            throw new ApiException("IdempotentParameterMismatchException", 400,
                    "ClientRequestToken " + token + " was used within the last 10 minutes for a different request; "
                            + "use a new token for a new request");
        }
        return true;
    }

    synchronized void remember(String token, String request) {
        seen.remove(token);
        seen.put(token, new Seen(digest(request), clock.instant()));
    }

    private void evictExpired(Instant now) {
        Iterator<Map.Entry<String, Seen>> it = seen.entrySet().iterator();
        while (it.hasNext()) {
            if (!it.next().getValue().at().plus(WINDOW).isBefore(now)) break;
            it.remove();
        }
    }

    private static byte[] digest(String request) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(request.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
