package dev.ferry.functions.api;

import dev.ferry.http.HttpResponse;
import dev.ferry.http.IdempotentEndpoint;
import java.util.Optional;
import java.util.function.Function;

/**
 * POSTs that need an {@code Idempotency-Key}, in the order that keeps bad requests free of writes: a missing
 * key is refused by the toolkit's endpoint before anything else; then the body is validated (an invalid
 * request is answered without claiming the key, so nothing at all is stored, unless the very same request
 * was accepted before: then its first answer is replayed); then the command runs under the key (first run
 * stored, repeats replayed, reuse with another body 422, concurrent repeat 409).
 */
public final class KeyedPosts {

    private final IdempotentEndpoint endpoint;

    public KeyedPosts(IdempotentEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    public <C> HttpResponse handle(ApiRequest request, Function<ApiRequest, C> validate, Function<C, HttpResponse> run) {
        if (key(request).isEmpty()) {
            return endpoint.handle(request.http(), r -> {
                throw new IllegalStateException("the endpoint runs no action for a request without Idempotency-Key");
            });
        }
        C command;
        try {
            command = validate.apply(request);
        } catch (InvalidRequest refused) {
            // Refused on today's state (the balance a deposit would exceed, say), yet accepted before with this
            // key: its repeat gets the first answer, as any repeat does. One read, on refusals only.
            return endpoint.replay(request.http()).orElseThrow(() -> refused);
        }
        return endpoint.handle(request.http(), r -> run.apply(command));
    }

    /**
     * The key together with its caller, for ids derived from it: equal for a client's repeats, different for
     * another caller that picked the same key (see {@link IdempotentEndpoint#callerScoped}).
     */
    public static String scopedKey(ApiRequest request) {
        String key = key(request).orElseThrow(() -> new IllegalStateException("a keyed POST runs only with an Idempotency-Key"));
        return IdempotentEndpoint.callerScoped(request.http().caller(), key);
    }

    /** The key as the client sent it, without the optional structured-field quotes. */
    public static Optional<String> key(ApiRequest request) {
        return request.http().header(IdempotentEndpoint.HEADER).map(String::trim).map(v ->
                v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v).filter(v -> !v.isEmpty());
    }
}
