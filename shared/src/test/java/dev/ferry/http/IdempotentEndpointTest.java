package dev.ferry.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.idempotency.Claim;
import dev.ferry.idempotency.ClaimOutcome;
import dev.ferry.idempotency.CompletionOutcome;
import dev.ferry.idempotency.IdempotencyStore;
import dev.ferry.idempotency.InMemoryIdempotencyStore;
import dev.ferry.idempotency.PayloadHash;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class IdempotentEndpointTest {

    private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
    private final IdempotentEndpoint endpoint = new IdempotentEndpoint(store, IdempotencyKeyOptions.required("orders"));
    private final AtomicInteger created = new AtomicInteger();
    private final Function<HttpRequest, HttpResponse> createOrder = request -> {
        int n = created.incrementAndGet();
        return new HttpResponse(202, Map.of("Location", "/orders/" + n, "Content-Type", "application/json", "X-Debug", "x"),
                "{\"orderId\":\"" + n + "\"}");
    };

    @Test
    void missingKeyIsA400Problem() throws Exception {
        HttpResponse response = endpoint.handle(post(Map.of(), "{}"), createOrder);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("content-type")).contains("application/problem+json");
        JsonNode problem = new ObjectMapper().readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("type").asText()).endsWith("idempotency-key-missing");
        assertThat(problem.get("instance").asText()).isEqualTo("/orders");
        assertThat(created).hasValue(0);
    }

    @Test
    void optionalKeyLetsRequestsWithoutItThrough() {
        IdempotentEndpoint lenient = new IdempotentEndpoint(store, IdempotencyKeyOptions.optional("orders"));
        assertThat(lenient.handle(post(Map.of(), "{}"), createOrder).status()).isEqualTo(202);
    }

    @Test
    void malformedKeyIsA400() {
        assertThat(endpoint.handle(post(Map.of("Idempotency-Key", "has space"), "{}"), createOrder).status()).isEqualTo(400);
        assertThat(endpoint.handle(post(Map.of("Idempotency-Key", "x".repeat(256)), "{}"), createOrder).status()).isEqualTo(400);
    }

    @Test
    void repeatReplaysTheFirstResponseWithoutRunningAgain() {
        HttpResponse first = endpoint.handle(post(Map.of("Idempotency-Key", "\"k-1\""), "{\"amount\":5}"), createOrder);
        HttpResponse again = endpoint.handle(post(Map.of("idempotency-key", "k-1"), "{\"amount\":5}"), createOrder);
        assertThat(created).hasValue(1);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Location")).contains("/orders/1");
        assertThat(again.header("Content-Type")).contains("application/json");
        assertThat(again.header("X-Debug")).as("only the configured headers are replayed").isEmpty();
        assertThat(again.header(IdempotentEndpoint.REPLAYED_HEADER)).contains("true");
    }

    @Test
    void sameKeyWithAnotherPayloadIsA422() {
        endpoint.handle(post(Map.of("Idempotency-Key", "k-2"), "{\"amount\":5}"), createOrder);
        HttpResponse response = endpoint.handle(post(Map.of("Idempotency-Key", "k-2"), "{\"amount\":6}"), createOrder);
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.header("Content-Type")).contains(Problem.CONTENT_TYPE);
        assertThat(created).hasValue(1);
    }

    @Test
    void sameKeyWhileTheFirstIsRunningIsA409() {
        HttpRequest request = post(Map.of("Idempotency-Key", "k-3"), "{}");
        // The first request is in flight: it holds the claim.
        ClaimOutcome first = store.claim("orders#k-3", PayloadHash.ofParts("POST", "/orders", "{}"), Duration.ofSeconds(30));
        assertThat(first).isInstanceOf(ClaimOutcome.Claimed.class);
        HttpResponse response = endpoint.handle(request, createOrder);
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.header("Retry-After")).isPresent();
        assertThat(created).hasValue(0);
    }

    @Test
    void serverErrorIsNotStoredSoTheClientCanRetry() {
        HttpRequest request = post(Map.of("Idempotency-Key", "k-4"), "{}");
        assertThat(endpoint.handle(request, r -> new HttpResponse(503, Map.of(), "down")).status()).isEqualTo(503);
        assertThat(endpoint.handle(request, createOrder).status()).isEqualTo(202);
    }

    @Test
    void clientErrorIsStoredAndReplayed() {
        HttpRequest request = post(Map.of("Idempotency-Key", "k-5"), "{}");
        endpoint.handle(request, r -> Problem.badRequest("amount is required").toResponse());
        HttpResponse again = endpoint.handle(request, createOrder);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("amount is required");
        assertThat(created).hasValue(0);
    }

    @Test
    void problemJsonEscapesItsText() throws Exception {
        String json = Problem.badRequest("field \"amount\" must be > 0").at("/orders").toJson();
        assertThat(new ObjectMapper().readTree(json).get("detail").asText()).isEqualTo("field \"amount\" must be > 0");
    }

    @Test
    void serverErrorReachesTheClientEvenWhenReleasingTheKeyFails() {
        IdempotencyStore releaseFails = new IdempotencyStore() {
            @Override
            public ClaimOutcome claim(String key, String payloadHash, Duration inProgressFor) {
                return store.claim(key, payloadHash, inProgressFor);
            }

            @Override
            public CompletionOutcome complete(Claim claim, String result) {
                return store.complete(claim, result);
            }

            @Override
            public void release(Claim claim) {
                throw new IllegalStateException("DynamoDB throttled the release");
            }
        };
        IdempotentEndpoint flaky = new IdempotentEndpoint(releaseFails, IdempotencyKeyOptions.required("orders"));
        HttpRequest request = post(Map.of("Idempotency-Key", "k-release"), "{}");

        HttpResponse response = flaky.handle(request, r -> new HttpResponse(503, Map.of("Retry-After", "2"), "down"));

        assertThat(response.status()).as("the action's own answer, not a failure of the bookkeeping").isEqualTo(503);
        assertThat(response.header("Retry-After")).contains("2");
        assertThat(flaky.handle(request, createOrder).status()).as("the unreleased key is held until its window ends")
                .isEqualTo(409);
        assertThat(created).hasValue(0);
    }

    private static HttpRequest post(Map<String, String> headers, String body) {
        return new HttpRequest("POST", "/orders", headers, body);
    }
}
