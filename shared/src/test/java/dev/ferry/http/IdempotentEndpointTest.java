package dev.ferry.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.correlation.Correlation;
import dev.ferry.correlation.CorrelationContext;
import dev.ferry.idempotency.Claim;
import dev.ferry.idempotency.ClaimOutcome;
import dev.ferry.idempotency.CompletionOutcome;
import dev.ferry.idempotency.FlakyStore;
import dev.ferry.idempotency.IdempotencyStore;
import dev.ferry.idempotency.InMemoryIdempotencyStore;
import dev.ferry.idempotency.PayloadHash;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
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
    void twoKeyLinesJoinedByTheGatewayAreA400NotOneKey() {
        // API Gateway joins repeated header lines with commas: two keys, or two blank lines, never one key.
        assertThat(endpoint.handle(post(Map.of("Idempotency-Key", "A,B"), "{}"), createOrder).status()).isEqualTo(400);
        assertThat(endpoint.handle(post(Map.of("Idempotency-Key", ","), "{}"), createOrder).status()).isEqualTo(400);
        assertThat(endpoint.handle(post(Map.of("Idempotency-Key", "\"a,b\""), "{}"), createOrder).status())
                .as("a quoted comma is part of one key").isEqualTo(202);
        assertThat(created).hasValue(1);
    }

    @Test
    void aReplayCarriesTheFirstRequestsCorrelationId() {
        HttpRequest request = post(Map.of("Idempotency-Key", "k-corr"), "{}");
        try (var first = Correlation.open(new CorrelationContext("corr-first", Optional.empty()))) {
            endpoint.handle(request, createOrder);
        }
        HttpResponse replay;
        try (var second = Correlation.open(new CorrelationContext("corr-second", Optional.empty()))) {
            replay = endpoint.handle(request, createOrder);
        }
        assertThat(replay.header("X-Correlation-Id")).contains("corr-first");
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
        ClaimOutcome first = store.claim(IdempotentEndpoint.storedKey("orders", Caller.anonymous(), "k-3"), PayloadHash.ofParts("POST", "/orders", "{}"), Duration.ofSeconds(30));
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
            public Optional<String> completedResult(String key, String payloadHash) {
                return store.completedResult(key, payloadHash);
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

    @Test
    void aThrottledCompletionStillAnswersTheAcceptedOrder() {
        FlakyStore throttled = new FlakyStore(store).failCompletions(3);
        IdempotentEndpoint endpoint = new IdempotentEndpoint(throttled, IdempotencyKeyOptions.required("orders"));
        HttpRequest request = post(Map.of("Idempotency-Key", "k-throttled"), "{}");

        HttpResponse response = endpoint.handle(request, createOrder);

        assertThat(response.status()).as("the order was placed: the client hears so, not a 500").isEqualTo(202);
        assertThat(response.header("Location")).contains("/orders/1");
        assertThat(endpoint.handle(request, createOrder).status()).as("a repeat waits for the key's window").isEqualTo(409);
        assertThat(created).hasValue(1);
    }

    @Test
    void aKeyTheStoreCannotRecordIsA503AndNothingRuns() throws Exception {
        IdempotentEndpoint endpoint = new IdempotentEndpoint(new FlakyStore(store).failClaims(1), IdempotencyKeyOptions.required("orders"));
        HttpRequest request = post(Map.of("Idempotency-Key", "k-claim"), "{}");

        HttpResponse response = endpoint.handle(request, createOrder);

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isPresent();
        assertThat(new ObjectMapper().readTree(response.body()).get("type").asText()).endsWith("idempotency-store-unavailable");
        assertThat(created).hasValue(0);
        assertThat(endpoint.handle(request, createOrder).status()).as("the retry with the same key runs").isEqualTo(202);
    }

    @Test
    void equalKeysOfTwoCallersNeverMeet() {
        HttpRequest alice = post(Map.of("Idempotency-Key", "order-1"), "{\"amount\":5}").withCaller(new Caller("arn:aws:iam::111111111111:user/alice"));
        HttpRequest bob = post(Map.of("Idempotency-Key", "order-1"), "{\"amount\":7}").withCaller(new Caller("arn:aws:iam::111111111111:user/bob"));

        HttpResponse first = endpoint.handle(alice, createOrder);
        HttpResponse second = endpoint.handle(bob, createOrder);

        assertThat(second.status()).as("not a 422: bob's key is his own").isEqualTo(202);
        assertThat(second.header(IdempotentEndpoint.REPLAYED_HEADER)).as("nor alice's answer").isEmpty();
        assertThat(second.body()).isNotEqualTo(first.body());
        assertThat(endpoint.handle(alice, createOrder).body()).as("alice's repeat still replays hers").isEqualTo(first.body());
        assertThat(created).hasValue(2);
    }

    private static HttpRequest post(Map<String, String> headers, String body) {
        return new HttpRequest("POST", "/orders", headers, body);
    }
}
