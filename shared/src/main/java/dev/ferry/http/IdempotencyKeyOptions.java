package dev.ferry.http;

import java.time.Duration;
import java.util.Set;

/**
 * How an endpoint treats the {@code Idempotency-Key} header.
 *
 * @param required        reject requests without the header (400) instead of running them unprotected
 * @param scope           prefix of the stored key, e.g. the service name, so endpoints sharing a table never collide
 * @param replayedHeaders response headers stored with the first response and sent again on replay
 * @param inProgressFor   how long a request may run before a concurrent repeat is allowed to take over
 */
public record IdempotencyKeyOptions(boolean required, String scope, Set<String> replayedHeaders, Duration inProgressFor) {

    public static final Set<String> DEFAULT_REPLAYED_HEADERS = Set.of("Content-Type", "Location", "Retry-After", "ETag");

    public IdempotencyKeyOptions {
        replayedHeaders = Set.copyOf(replayedHeaders);
    }

    public static IdempotencyKeyOptions required(String scope) {
        return new IdempotencyKeyOptions(true, scope, DEFAULT_REPLAYED_HEADERS, Duration.ofSeconds(30));
    }

    public static IdempotencyKeyOptions optional(String scope) {
        return new IdempotencyKeyOptions(false, scope, DEFAULT_REPLAYED_HEADERS, Duration.ofSeconds(30));
    }

    public IdempotencyKeyOptions inProgressFor(Duration window) {
        return new IdempotencyKeyOptions(required, scope, replayedHeaders, window);
    }
}
