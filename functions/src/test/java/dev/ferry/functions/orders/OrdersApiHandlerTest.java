package dev.ferry.functions.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.envelope.Envelope;
import dev.ferry.envelope.EnvelopeCodec;
import dev.ferry.functions.events.Events;
import dev.ferry.functions.events.OrderPlaced;
import dev.ferry.functions.testing.ApiCall;
import dev.ferry.functions.testing.LocalTables;
import dev.ferry.functions.testing.TestContext;
import dev.ferry.http.Caller;
import dev.ferry.http.IdempotentEndpoint;
import dev.ferry.idempotency.PayloadHash;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class OrdersApiHandlerTest {

    private static final String ACCOUNT = "5d0c7a8e-3b1f-4e2a-9c6d-1f2e3a4b5c6d";
    private static LocalTables tables;
    private static OrdersApiHandler handler;

    @BeforeAll
    static void start() {
        tables = LocalTables.start();
        handler = new OrdersApiHandler(tables.environment());
    }

    @AfterAll
    static void stop() {
        tables.close();
    }

    private static APIGatewayProxyResponseEvent call(APIGatewayProxyRequestEvent event) {
        return handler.handleRequest(event, TestContext.of("OrdersApi"));
    }

    private static APIGatewayProxyResponseEvent place(String key, String body) {
        return call(ApiCall.post("/orders").key(key).body(body).event());
    }

    private static String order(String amount, String currency) {
        return "{\"accountId\":\"" + ACCOUNT + "\",\"amount\":\"" + amount + "\",\"currency\":\"" + currency + "\"}";
    }

    private static JsonNode json(APIGatewayProxyResponseEvent response) throws Exception {
        return EnvelopeCodec.mapper().readTree(response.getBody());
    }

    @Test
    void recordedPostOrdersEventStoresAPendingOrderAndItsOrderPlacedTogether() throws Exception {
        APIGatewayProxyResponseEvent response = call(EventLoader.loadApiGatewayRestEvent("events/apigw-rest-post-orders.json"));

        assertThat(response.getStatusCode()).isEqualTo(202);
        String id = json(response).path("id").asText();
        assertThat(response.getHeaders()).containsEntry("Location", "/orders/" + id).containsKey("X-Correlation-Id");
        Map<String, AttributeValue> stored = tables.item("orders", "id", id);
        assertThat(stored.get("status").s()).isEqualTo("PENDING");
        assertThat(stored.get("version").n()).isEqualTo("1");

        Map<String, AttributeValue> outbox = tables.outbox("orders", Events.ORDER_PLACED).stream()
                .filter(r -> r.get("subject").s().equals(id)).findFirst().orElseThrow();
        Envelope<OrderPlaced> placed = Events.codec().decode(outbox.get("envelope").s(), OrderPlaced.class);
        assertThat(placed.data()).isEqualTo(new OrderPlaced(id, ACCOUNT, "12.50", "USD"));
        assertThat(placed.correlationId()).isEqualTo(response.getHeaders().get("X-Correlation-Id"));
        assertThat(placed.causationId()).as("the API request caused it").contains("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
    }

    @Test
    void postWithoutIdempotencyKeyIsRejectedAndWritesNothing() throws Exception {
        int orders = tables.count("orders");
        int keys = tables.count("idempotency");

        APIGatewayProxyResponseEvent response = call(ApiCall.post("/orders").body(order("1.00", "USD")).event());

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getHeaders().get("Content-Type")).isEqualTo("application/problem+json");
        assertThat(json(response).path("detail").asText()).contains("Idempotency-Key");
        assertThat(tables.count("orders")).isEqualTo(orders);
        assertThat(tables.count("idempotency")).isEqualTo(keys);
    }

    @Test
    void invalidBodiesAreProblemsThatWriteNothing() throws Exception {
        int orders = tables.count("orders");
        int keys = tables.count("idempotency");
        Map<String, String> expectations = new HashMap<>();
        expectations.put("{\"accountId\":\"" + ACCOUNT + "\",\"amount\":12.5,\"currency\":\"USD\"}", "not a JSON number");
        expectations.put(order("12.505", "USD"), "decimals");
        expectations.put(order("12.50", "DOLLARS"), "'currency'");
        expectations.put(order("0", "USD"), "greater than zero");
        expectations.put("{\"accountId\":\"" + ACCOUNT + "\",\"amount\":\"1.00\",\"currency\":\"USD\",\"rush\":true}", "Unknown field 'rush'");
        expectations.put("{\"accountId\":\"outbox#x\",\"amount\":\"1.00\",\"currency\":\"USD\"}", "'accountId'");
        expectations.put("{\"amount\":\"1.00\",\"currency\":\"USD\"}", "'accountId' is required");
        for (Map.Entry<String, String> e : expectations.entrySet()) {
            APIGatewayProxyResponseEvent response = place(UUID.randomUUID().toString(), e.getKey());
            assertThat(response.getStatusCode()).as(e.getKey()).isEqualTo(400);
            assertThat(response.getHeaders().get("Content-Type")).isEqualTo("application/problem+json");
            JsonNode problem = json(response);
            assertThat(problem.path("detail").asText()).as(e.getKey()).contains(e.getValue());
            assertThat(problem.path("status").asInt()).isEqualTo(400);
            assertThat(problem.path("instance").asText()).isEqualTo("/orders");
        }
        assertThat(tables.count("orders")).isEqualTo(orders);
        assertThat(tables.count("idempotency")).as("invalid requests claim no key").isEqualTo(keys);
    }

    @Test
    void repeatedPostWithOneKeyReplaysTheFirstAnswerAndPlacesOneOrder() throws Exception {
        String key = UUID.randomUUID().toString();
        APIGatewayProxyResponseEvent first = place(key, order("3.00", "EUR"));
        APIGatewayProxyResponseEvent again = place(key, order("3.00", "EUR"));

        assertThat(again.getStatusCode()).isEqualTo(202);
        assertThat(again.getBody()).isEqualTo(first.getBody());
        assertThat(again.getHeaders()).containsEntry("Location", first.getHeaders().get("Location")).containsEntry("Idempotent-Replayed", "true");
        String id = json(first).path("id").asText();
        assertThat(tables.outbox("orders", Events.ORDER_PLACED).stream().filter(r -> r.get("subject").s().equals(id))).hasSize(1);
    }

    @Test
    void twoClientsThatPickTheSameKeyEachGetTheirOwnOrder() throws Exception {
        String key = "order-1"; // the README's example key: every newcomer uses it
        APIGatewayProxyResponseEvent alice = call(ApiCall.post("/orders").key(key).body(order("3.00", "EUR"))
                .signedBy("arn:aws:sts::111111111111:assumed-role/checkout/session-1").event());
        APIGatewayProxyResponseEvent bob = call(ApiCall.post("/orders").key(key).body(order("9.00", "EUR"))
                .signedBy("arn:aws:iam::111111111111:user/bob").event());
        APIGatewayProxyResponseEvent aliceAgain = call(ApiCall.post("/orders").key(key).body(order("3.00", "EUR"))
                .signedBy("arn:aws:sts::111111111111:assumed-role/checkout/session-2").event());

        assertThat(bob.getStatusCode()).as("not a 422 about alice's order").isEqualTo(202);
        assertThat(bob.getHeaders()).doesNotContainKey("Idempotent-Replayed");
        assertThat(json(bob).path("id").asText()).isNotEqualTo(json(alice).path("id").asText());
        assertThat(json(bob).path("amount").asText()).isEqualTo("9.00");
        assertThat(aliceAgain.getHeaders()).as("the same role in a new session is the same client").containsEntry("Idempotent-Replayed", "true");
        assertThat(json(aliceAgain).path("id").asText()).isEqualTo(json(alice).path("id").asText());
    }

    @Test
    void oneKeyWithAnotherBodyIsUnprocessable() throws Exception {
        String key = UUID.randomUUID().toString();
        place(key, order("3.00", "EUR"));
        APIGatewayProxyResponseEvent other = place(key, order("4.00", "EUR"));
        assertThat(other.getStatusCode()).isEqualTo(422);
        assertThat(json(other).path("detail").asText()).contains(key);
    }

    @Test
    void aRepeatWhileTheFirstRequestStillRunsIsAConflictWithRetryAfter() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = order("2.00", "USD");
        // The first request with this key holds its claim (it is still running in another invocation).
        tables.client().putItem(b -> b.tableName(tables.name("idempotency")).item(Map.of(
                "id", AttributeValue.fromS(IdempotentEndpoint.storedKey("OrdersApi", Caller.anonymous(), key)),
                "status", AttributeValue.fromS("IN_PROGRESS"),
                "payloadHash", AttributeValue.fromS(PayloadHash.ofParts("POST", "/orders", body)),
                "claimToken", AttributeValue.fromS("other-invocation"),
                "inProgressUntil", AttributeValue.fromN(Long.toString(System.currentTimeMillis() + 20_000)),
                "expiresAt", AttributeValue.fromN(Long.toString(System.currentTimeMillis() / 1000 + 3600)))));
        int orders = tables.count("orders");

        APIGatewayProxyResponseEvent response = place(key, body);

        assertThat(response.getStatusCode()).isEqualTo(409);
        assertThat(response.getHeaders()).containsKey("Retry-After").containsEntry("Content-Type", "application/problem+json");
        assertThat(tables.count("orders")).isEqualTo(orders);
    }

    @Test
    void getReturnsTheOrderAndUnknownOrdersAreNotFoundProblems() throws Exception {
        String id = json(place(UUID.randomUUID().toString(), order("7.25", "GBP"))).path("id").asText();

        APIGatewayProxyResponseEvent found = call(ApiCall.get("/orders/" + id).event());
        assertThat(found.getStatusCode()).isEqualTo(200);
        assertThat(json(found).path("amount").asText()).isEqualTo("7.25");
        assertThat(json(found).path("status").asText()).isEqualTo("PENDING");

        APIGatewayProxyRequestEvent recorded = EventLoader.loadApiGatewayRestEvent("events/apigw-rest-get-order.json");
        APIGatewayProxyResponseEvent missing = call(recorded);
        assertThat(missing.getStatusCode()).isEqualTo(404);
        assertThat(missing.getHeaders()).containsEntry("Content-Type", "application/problem+json")
                .as("the client's correlation id comes back").containsEntry("X-Correlation-Id", "corr-from-client-42");

    }

    @Test
    void unknownRoutesAndMethodsAreProblems() {
        assertThat(call(ApiCall.get("/nowhere").event()).getStatusCode()).isEqualTo(404);
        assertThat(call(ApiCall.get("/orders/%zz").event()).getStatusCode()).as("a broken escape names nothing").isEqualTo(404);
        APIGatewayProxyResponseEvent wrongMethod = call(ApiCall.method("DELETE", "/orders/abc").event());
        assertThat(wrongMethod.getStatusCode()).isEqualTo(405);
        assertThat(wrongMethod.getHeaders()).containsEntry("Allow", "GET");
    }

    @Test
    void telemetryThatCannotBePublishedNeverFailsTheRequest() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> env = new HashMap<>(tables.environment());
        env.put("TELEMETRY_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:telemetry");
        env.put("AWS_ENDPOINT_URL_SNS", "http://127.0.0.1:" + closedPort);
        OrdersApiHandler withTelemetry = new OrdersApiHandler(env);

        APIGatewayProxyResponseEvent response = withTelemetry.handleRequest(
                ApiCall.post("/orders").key(UUID.randomUUID().toString()).body(order("1.00", "USD")).event(), TestContext.of("OrdersApi"));

        assertThat(response.getStatusCode()).isEqualTo(202);
    }

    @Test
    void aFailureBehindTheApiIsA500ProblemAndReleasesTheKeyForARetry() throws Exception {
        Map<String, String> env = new HashMap<>(tables.environment());
        env.put("ORDERS_TABLE", "no-such-table");
        OrdersApiHandler broken = new OrdersApiHandler(env);
        String key = UUID.randomUUID().toString();

        APIGatewayProxyResponseEvent failed = broken.handleRequest(ApiCall.post("/orders").key(key).body(order("1.00", "USD")).event(),
                TestContext.of("OrdersApi"));

        assertThat(failed.getStatusCode()).isEqualTo(500);
        assertThat(failed.getHeaders()).containsEntry("Content-Type", "application/problem+json").containsKey("X-Correlation-Id");
        assertThat(json(failed).path("detail").asText()).contains("Retry with the same Idempotency-Key");
        assertThat(tables.item("idempotency", "id", IdempotentEndpoint.storedKey("OrdersApi", Caller.anonymous(), key))).as("the key was released").isEmpty();
        assertThat(place(key, order("1.00", "USD")).getStatusCode()).as("the retry runs").isEqualTo(202);
    }

    @Test
    void correlationIdIsGeneratedWhenTheClientSendsNone() {
        List<String> ids = List.of(call(ApiCall.get("/orders/x").event()).getHeaders().get("X-Correlation-Id"),
                call(ApiCall.get("/orders/x").event()).getHeaders().get("X-Correlation-Id"));
        assertThat(ids).doesNotContainNull().doesNotHaveDuplicates();
    }
}
