package dev.ferry.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.lambda.InvocationListener.Invocation;
import dev.ferry.local.lambda.InvocationSource;
import dev.ferry.local.lambda.InvokeResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The console's trace of an order, from the invocations the runtime reported, as the page draws its timeline. */
class TracesTest {
    private static final String CORRELATION = "demo-abc-order-paid";
    private final InvocationRecorder recorder = new InvocationRecorder();
    private Instant clock = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void anOrdersChainRunsFromTheApiRequestThroughItsEventsToConfirmed() {
        api("o-1");
        stream("dev-OutboxRelay", "dev-orders-outbox", "e-1", "OrderPlaced");
        sqs("dev-PaymentsConsumer", "dev-payments-order-placed", "e-1", "OrderPlaced", true);
        stream("dev-OutboxRelay", "dev-accounts-outbox", "e-2", "PaymentSucceeded");
        sqs("dev-OrdersConsumer", "dev-orders-payment-outcomes", "e-2", "PaymentSucceeded", true);
        stream("dev-OutboxRelay", "dev-orders-outbox", "e-3", "OrderConfirmed");

        ObjectNode trace = Traces.of(Traces.correlationOf("o-1", recorder.orders()), recorder.recent());

        assertThat(trace.path("correlationId").asText()).isEqualTo(CORRELATION);
        assertThat(texts(trace.path("chain"))).containsExactly("OrderPlaced", "PaymentSucceeded", "OrderConfirmed");
        assertThat(trace.path("status").asText()).isEqualTo("CONFIRMED");
        List<String> functions = new ArrayList<>();
        trace.path("hops").forEach(h -> functions.add(h.path("function").asText()));
        assertThat(functions).containsExactly("dev-OrdersApi", "dev-OutboxRelay", "dev-PaymentsConsumer", "dev-OutboxRelay",
                "dev-OrdersConsumer", "dev-OutboxRelay");
        assertThat(trace.path("hops").path(0).path("source").asText()).isEqualTo("route:POST /orders");
        assertThat(trace.path("hops").path(2).path("atMillis").asDouble()).isEqualTo(200.0);
        assertThat(Traces.guarantees(recorder.recent()).toString()).isEqualTo("{\"ordersPlaced\":1,\"ordersSettled\":1,\"ordersSettledTwice\":0}");
    }

    @Test
    void aSecondDeliveryAfterASuccessIsADuplicateAbsorbedAndAfterAFailureARetry() {
        api("o-1");
        sqs("dev-PaymentsConsumer", "dev-payments-order-placed", "e-1", "OrderPlaced", true);
        sqs("dev-PaymentsConsumer", "dev-payments-order-placed", "e-1", "OrderPlaced", true);
        sqs("dev-OrdersConsumer", "dev-orders-payment-outcomes", "e-2", "PaymentSucceeded", false);
        sqs("dev-OrdersConsumer", "dev-orders-payment-outcomes", "e-2", "PaymentSucceeded", true);

        ObjectNode trace = Traces.of(CORRELATION, recorder.recent());

        JsonNode hops = trace.path("hops");
        assertThat(hops.path(1).has("repeat")).isFalse();
        assertThat(hops.path(2).path("repeat").asText()).isEqualTo("duplicate");
        assertThat(hops.path(2).path("attempt").asInt()).isEqualTo(2);
        assertThat(hops.path(3).path("ok").asBoolean()).isFalse();
        assertThat(hops.path(4).path("repeat").asText()).isEqualTo("retry");
        assertThat(trace.path("duplicatesAbsorbed").asInt()).isEqualTo(1);
        assertThat(trace.path("retries").asInt()).isEqualTo(1);
        assertThat(trace.path("status").asText()).isEqualTo("PENDING");
    }

    @Test
    void anOrderWithTwoOutcomeEventsBreaksTheSettledOnceGuarantee() {
        api("o-1");
        stream("dev-OutboxRelay", "dev-orders-outbox", "e-3", "OrderConfirmed");
        stream("dev-OutboxRelay", "dev-orders-outbox", "e-4", "OrderConfirmed");

        assertThat(Traces.guarantees(recorder.recent()).path("ordersSettledTwice").asInt()).isEqualTo(1);
    }

    @Test
    void edgesCountTheMessagesEachSourceGaveAFunction() {
        sqs("dev-PaymentsConsumer", "dev-payments-order-placed", "e-1", "OrderPlaced", true);
        sqs("dev-PaymentsConsumer", "dev-payments-order-placed", "e-5", "OrderPlaced", true);

        assertThat(recorder.edges().get("queue:dev-payments-order-placed -> fn:dev-PaymentsConsumer").total()).isEqualTo(2);
        assertThat(recorder.durations("dev-PaymentsConsumer").orElseThrow().percentilesMillis(50)).containsExactly(20.0);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private void api(String orderId) {
        String event = """
                {"httpMethod": "POST", "resource": "/orders", "path": "/orders", "headers": {"X-Correlation-Id": "%s"}}""".formatted(CORRELATION);
        String response = """
                {"statusCode": 202, "headers": {}, "body": "{\\"id\\": \\"%s\\", \\"status\\": \\"PENDING\\"}"}""".formatted(orderId);
        record("dev-OrdersApi", event, new InvokeResult.Success("r", response.getBytes(StandardCharsets.UTF_8)));
    }

    private void sqs(String function, String queue, String eventId, String type, boolean ok) {
        String envelope = envelope(eventId, type).replace("\"", "\\\"");
        String event = """
                {"Records": [{"eventSource": "aws:sqs", "eventSourceARN": "arn:aws:sqs:us-east-1:000000000000:%s", "body": "%s"}]}"""
                .formatted(queue, envelope);
        record(function, event, ok ? new InvokeResult.Success("r", "{}".getBytes(StandardCharsets.UTF_8))
                : new InvokeResult.FunctionError("r", "RuntimeException", "boom", "{}"));
    }

    private void stream(String function, String table, String eventId, String type) {
        String event = """
                {"Records": [{"eventSource": "aws:dynamodb", "eventName": "INSERT",
                  "eventSourceARN": "arn:aws:dynamodb:us-east-1:000000000000:table/%s/stream/2026-12-07T00:00:00.000",
                  "dynamodb": {"NewImage": {"kind": {"S": "outbox"}, "eventId": {"S": "%s"}, "type": {"S": "dev.ferry.%s.v1"},
                   "correlationid": {"S": "%s"}}}}]}""".formatted(table, eventId, type, CORRELATION);
        record(function, event, new InvokeResult.Success("r", "{}".getBytes(StandardCharsets.UTF_8)));
    }

    private static String envelope(String id, String type) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"type\":\"dev.ferry.orders." + type + ".v1\",\"correlationid\":\""
                + CORRELATION + "\"}";
    }

    private void record(String function, String event, InvokeResult result) {
        recorder.invoked(new Invocation(function, InvocationSource.EVENT_SOURCE_MAPPING, "r", event.getBytes(StandardCharsets.UTF_8), result,
                clock, Duration.ofMillis(20)));
        clock = clock.plusMillis(100);
    }
}
