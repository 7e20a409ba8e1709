package dev.ferry.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.correlation.Correlation;
import dev.ferry.correlation.CorrelationExtractor;
import dev.ferry.idempotency.Attempt;
import dev.ferry.idempotency.ExecutionOutcome;
import dev.ferry.idempotency.GuardedExecutor;
import dev.ferry.idempotency.IdempotencyStore;
import dev.ferry.idempotency.PayloadHash;
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
 *   <li>the key is scoped to the {@link Caller}: equal keys of different callers never meet;</li>
 *   <li>first request: runs, and its response (status, body, {@link IdempotencyKeyOptions#replayedHeaders()})
 *       is stored, unless it is a 5xx, which releases the key so the client may retry;</li>
 *   <li>repeat with the same fingerprint (method, path, body): the stored response again, marked with
 *       {@code Idempotent-Replayed: true} and carrying the first request's {@code X-Correlation-Id};</li>
 *   <li>same key, different fingerprint: 422; same key while the first is still running: 409.</li>
 * </ul>
 * Every error is an RFC 9457 problem. The claim, the completion and their failures follow
 * {@link GuardedExecutor}: a key that cannot be claimed is a 503 (nothing ran); a response whose completion
 * cannot be stored still reaches the client (its effect happened), and repeats get 409 until the key's
 * window ends.
 */
public final class IdempotentEndpoint {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final int MAX_KEY_LENGTH = 255;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final IdempotencyStore store;
    private final GuardedExecutor executor;
    private final IdempotencyKeyOptions options;

    public IdempotentEndpoint(IdempotencyStore store, IdempotencyKeyOptions options) {
        this.store = store;
        this.executor = new GuardedExecutor(store);
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
                    "The Idempotency-Key must be one header line of 1 to " + MAX_KEY_LENGTH
                            + " printable characters, optionally in double quotes (a comma needs the quotes).")
                    .at(request.path()).toResponse();
        }
        String storedKey = storedKey(options.scope(), request.caller(), key.get());
        String fingerprint = PayloadHash.ofParts(request.method(), request.path(), request.body());
        ExecutionOutcome<HttpResponse> outcome = executor.run(storedKey, fingerprint, inProgressFor, () -> {
            HttpResponse response = action.apply(request);
            // A 5xx is not the operation's answer: give the key back so the client's retry runs it.
            return response.status() >= 500 ? Attempt.discard(response, "status " + response.status()) : Attempt.keep(response, encode(response));
        });
        return switch (outcome) {
            case ExecutionOutcome.Executed<HttpResponse> executed -> executed.value();
            case ExecutionOutcome.Discarded<HttpResponse> discarded -> discarded.value();
            case ExecutionOutcome.Replayed<HttpResponse> replayed -> decode(replayed.stored()).withHeader(REPLAYED_HEADER, "true");
            case ExecutionOutcome.PayloadMismatch<HttpResponse> mismatch -> Problem.of("idempotency-key-reused", "Idempotency-Key reused with a different request", 422,
                    "The key '" + key.get() + "' was already used for a different request. Use a new key for a new operation.")
                    .at(request.path()).toResponse();
            case ExecutionOutcome.InProgress<HttpResponse> busy -> Problem.of("idempotency-key-in-progress", "A request with this Idempotency-Key is in progress", 409,
                    "The first request with key '" + key.get() + "' has not finished. Retry after it completes.")
                    .at(request.path()).toResponse()
                    .withHeader("Retry-After", Long.toString(Math.max(1, Duration.between(Instant.now(), busy.until()).toSeconds())));
            case ExecutionOutcome.ClaimFailed<HttpResponse> failed -> Problem.of("idempotency-store-unavailable", "The request could not be started", 503,
                    "The Idempotency-Key could not be recorded, so nothing was done. Retry with the same key.")
                    .at(request.path()).toResponse()
                    .withHeader("Retry-After", "1");
        };
    }

    /**
     * The stored answer to this very request (same caller, key and fingerprint), if its first run completed;
     * nothing is claimed. For a request refused on today's state whose repeat must still get the first answer.
     */
    public Optional<HttpResponse> replay(HttpRequest request) {
        return request.header(HEADER).flatMap(IdempotentEndpoint::parseKey)
                .flatMap(key -> store.completedResult(storedKey(options.scope(), request.caller(), key),
                        PayloadHash.ofParts(request.method(), request.path(), request.body())))
                .map(stored -> decode(stored).withHeader(REPLAYED_HEADER, "true"));
    }

    /**
     * The key as stored: the endpoint's scope, the caller and the client's key, so equal keys of different
     * callers never meet. The caller is hashed: ARNs are long and need not be readable in the table.
     */
    public static String storedKey(String scope, Caller caller, String clientKey) {
        return scope + "#" + callerDigest(caller) + "#" + clientKey;
    }

    /**
     * A stable name for "this caller's key", for ids derived from keys (an order id named after the key, so a
     * retry after a crash finds the order it placed): equal for repeats, different for another caller's equal key.
     */
    public static String callerScoped(Caller caller, String clientKey) {
        return callerDigest(caller) + "\n" + clientKey;
    }

    private static String callerDigest(Caller caller) {
        return PayloadHash.of(caller.id()).substring(0, 32);
    }

    /**
     * The draft defines the value as a structured-field string; bare tokens are accepted too. A bare value
     * with a comma is a list: two header lines joined by the gateway (even two blank ones), never one key.
     */
    static Optional<String> parseKey(String raw) {
        String value = raw.trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        } else if (value.indexOf(',') >= 0) {
            return Optional.empty();
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
        // The first answer's conversation: a client that lost it and gets the replay can still find its trace.
        Correlation.peek().ifPresent(c -> headers.put(CorrelationExtractor.HEADER_CORRELATION_ID, c.correlationId()));
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
}
