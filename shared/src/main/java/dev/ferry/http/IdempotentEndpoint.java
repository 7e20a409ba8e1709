package dev.ferry.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.idempotency.ClaimOutcome;
import dev.ferry.idempotency.CompletionOutcome;
import dev.ferry.idempotency.IdempotencyStore;
import dev.ferry.idempotency.PayloadHash;
import dev.ferry.logging.JsonLogger;
import dev.ferry.logging.Logs;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code Idempotency-Key} request header as the IETF httpapi draft describes it, on the guarded store:
 * <ul>
 *   <li>missing where required: 400; malformed: 400;</li>
 *   <li>first request: runs, and its response (status, body, {@link IdempotencyKeyOptions#replayedHeaders()})
 *       is stored, unless it is a 5xx, which releases the key so the client may retry;</li>
 *   <li>repeat with the same fingerprint (method, path, body): the stored response again, marked with
 *       {@code Idempotent-Replayed: true};</li>
 *   <li>same key, different fingerprint: 422; same key while the first is still running: 409.</li>
 * </ul>
 * Every error is an RFC 9457 problem.
 */
public final class IdempotentEndpoint {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final int MAX_KEY_LENGTH = 255;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonLogger LOG = Logs.get(IdempotentEndpoint.class);

    private final IdempotencyStore store;
    private final IdempotencyKeyOptions options;

    public IdempotentEndpoint(IdempotencyStore store, IdempotencyKeyOptions options) {
        this.store = store;
        this.options = options;
    }

    public HttpResponse handle(HttpRequest request, Function<HttpRequest, HttpResponse> action) {
        return handle(request, options.inProgressFor(), action);
    }

    public HttpResponse handle(HttpRequest request, Duration inProgressFor, Function<HttpRequest, HttpResponse> action) {
        Optional<String> header = request.header(HEADER);
        if (header.isEmpty()) {
            if (options.required()) {
                return Problem.of("idempotency-key-missing", "Idempotency-Key header is missing", 400,
                        "This operation requires an Idempotency-Key header with a unique value per operation, e.g. a UUID.")
                        .at(request.path()).toResponse();
            }
            return action.apply(request);
        }
        Optional<String> key = parseKey(header.get());
        if (key.isEmpty()) {
            return Problem.of("idempotency-key-invalid", "Idempotency-Key header is malformed", 400,
                    "The Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " printable characters, optionally in double quotes.")
                    .at(request.path()).toResponse();
        }
        String storedKey = options.scope() + "#" + key.get();
        String fingerprint = PayloadHash.ofParts(request.method(), request.path(), request.body());
        return switch (store.claim(storedKey, fingerprint, inProgressFor)) {
            case ClaimOutcome.Completed done -> decode(done.storedResult()).withHeader(REPLAYED_HEADER, "true");
            case ClaimOutcome.PayloadMismatch mismatch -> Problem.of("idempotency-key-reused", "Idempotency-Key reused with a different request", 422,
                    "The key '" + key.get() + "' was already used for a different request. Use a new key for a new operation.")
                    .at(request.path()).toResponse();
            case ClaimOutcome.InProgress busy -> Problem.of("idempotency-key-in-progress", "A request with this Idempotency-Key is in progress", 409,
                    "The first request with key '" + key.get() + "' has not finished. Retry after it completes.")
                    .at(request.path()).toResponse()
                    .withHeader("Retry-After", Long.toString(Math.max(1, Duration.between(Instant.now(), busy.until()).toSeconds())));
            case ClaimOutcome.Claimed claimed -> {
                HttpResponse response;
                try {
                    response = action.apply(request);
                } catch (RuntimeException | Error failure) {
                    releaseQuietly(claimed, failure);
                    throw failure;
                }
                if (response.status() >= 500) {
                    // The client gets the action's answer either way; a key left unreleased is held only until
                    // its in-progress window ends (409 until then), never stored as this failure.
                    try {
                        store.release(claimed.claim());
                    } catch (RuntimeException releaseFailed) {
                        LOG.warn("could not release the key of a failed request; repeats get 409 until its window ends",
                                "idempotencyKey", storedKey, "error", String.valueOf(releaseFailed.getMessage()));
                    }
                    yield response;
                }
                if (store.complete(claimed.claim(), encode(response)) instanceof CompletionOutcome.ClaimLost) {
                    LOG.warn("an idempotent request outlived its in-progress window; a repeat may have run it again",
                            "idempotencyKey", storedKey);
                }
                yield response;
            }
        };
    }

    /** The draft defines the value as a structured-field string; bare tokens are accepted too. */
    static Optional<String> parseKey(String raw) {
        String value = raw.trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        if (value.isEmpty() || value.length() > MAX_KEY_LENGTH) {
            return Optional.empty();
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
                return Optional.empty();
            }
        }
        return Optional.of(value);
    }

    private String encode(HttpResponse response) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("status", response.status());
        ObjectNode headers = node.putObject("headers");
        for (String name : options.replayedHeaders()) {
            response.header(name).ifPresent(v -> headers.put(name, v));
        }
        node.put("body", response.body());
        return node.toString();
    }

    private static HttpResponse decode(String stored) {
        try {
            JsonNode node = MAPPER.readTree(stored);
            Map<String, String> headers = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.path("headers").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                headers.put(e.getKey(), e.getValue().asText());
            }
            return new HttpResponse(node.path("status").asInt(), headers, node.path("body").asText());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored idempotent response is not the JSON this endpoint writes: " + e.getOriginalMessage(), e);
        }
    }

    private void releaseQuietly(ClaimOutcome.Claimed claimed, Throwable cause) {
        try {
            store.release(claimed.claim());
        } catch (RuntimeException releaseFailed) {
            cause.addSuppressed(releaseFailed);
        }
    }
}
