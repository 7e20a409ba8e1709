package dev.ferry.local.dynamodb.ops;

import dev.ferry.local.dynamodb.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * ClientRequestTokens of successful TransactWriteItems calls, remembered for ten minutes: a repeat with
 * the same request succeeds without writing again; a different request with the same token is refused.
 * The SDKs give every transaction a fresh token (and reuse it on retries), so this holds one entry per
 * transaction of the last ten minutes: entries keep a digest of the request, not the request, and are
 * evicted oldest first. A token whose transaction is still running (taken its items, not yet applied) is
 * in flight: a second request with it is refused with TransactionInProgressException, as on AWS
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html#API_TransactWriteItems_Errors),
 * and the SDKs retry it.
 */
final class TransactionTokens {
    static final Duration WINDOW = Duration.ofMinutes(10);

    private record Seen(byte[] digest, Instant at) {}

    private final Clock clock;
    private final LinkedHashMap<String, Seen> seen = new LinkedHashMap<>();
    private final Set<String> inFlight = new HashSet<>();

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

    /**
     * Starts a transaction with {@code token}: true when this exact request already succeeded (answer it
     * without writing), false when it is new and now in flight until {@link #end}.
     */
    synchronized boolean begin(String token, String request) {
        if (isRepeat(token, request)) return true;
        if (!inFlight.add(token)) {
            throw new ApiException("TransactionInProgressException", 400,
                    "The transaction with the given request token is already in progress.");
        }
        return false;
    }

    /** The transaction begun with {@code token} has finished, applied or not. */
    synchronized void end(String token) {
        inFlight.remove(token);
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
