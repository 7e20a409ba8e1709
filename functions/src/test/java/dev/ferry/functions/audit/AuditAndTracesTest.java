package dev.ferry.functions.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.envelope.Envelope;
import dev.ferry.envelope.EnvelopeCodec;
import dev.ferry.functions.events.Events;
import dev.ferry.functions.events.OrderConfirmed;
import dev.ferry.functions.events.OrderPlaced;
import dev.ferry.functions.events.PaymentSucceeded;
import dev.ferry.functions.testing.ApiCall;
import dev.ferry.functions.testing.LocalTables;
import dev.ferry.functions.testing.Messages;
import dev.ferry.functions.testing.TestContext;
import dev.ferry.functions.testing.TestEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuditAndTracesTest {

    private static LocalTables tables;
    private static AuditHandler audit;
    private static TracesApiHandler traces;

    @BeforeAll
    static void start() {
        tables = LocalTables.start();
        audit = new AuditHandler(tables.environment());
        traces = new TracesApiHandler(tables.environment());
    }

    @AfterAll
    static void stop() {
        tables.close();
    }

    @Test
    void traceReturnsTheCausalChainOrderedByTimeWithEachEventOnce() throws Exception {
        String correlation = "corr-" + UUID.randomUUID();
        Instant t = Instant.parse("2026-11-30T10:00:00Z");
        Envelope<OrderPlaced> placed = new Envelope<>("e1-" + UUID.randomUUID(), Events.ORDERS_SOURCE, Events.ORDER_PLACED, "o-1", t,
                new OrderPlaced("o-1", "a-1", "1.00", "USD"), correlation, Optional.of("api-request-1"));
        // The payments function's clock is 3 ms behind the orders function's.
        Envelope<PaymentSucceeded> paid = new Envelope<>("e2-" + UUID.randomUUID(), Events.PAYMENTS_SOURCE, Events.PAYMENT_SUCCEEDED, "o-1",
                t.minusMillis(3), new PaymentSucceeded("o-1", "a-1", "1.00", "USD", "0.00", null), correlation, Optional.of(placed.id()));
        Envelope<OrderConfirmed> confirmed = new Envelope<>("e3-" + UUID.randomUUID(), Events.ORDERS_SOURCE, Events.ORDER_CONFIRMED, "o-1",
                t.plusMillis(20), new OrderConfirmed("o-1", "a-1", "1.00", "USD", null), correlation, Optional.of(paid.id()));
        List<String> shardA = List.of(TestEvents.json(placed), TestEvents.json(confirmed));
        List<String> shardB = List.of(TestEvents.json(paid), TestEvents.json(paid));

        assertThat(audit.handleRequest(Messages.kinesis(shardB.toArray(String[]::new)), TestContext.of("Audit")).getBatchItemFailures()).isEmpty();
        assertThat(audit.handleRequest(Messages.kinesis(shardA.toArray(String[]::new)), TestContext.of("Audit")).getBatchItemFailures()).isEmpty();

        APIGatewayProxyResponseEvent response = traces.handleRequest(ApiCall.get("/traces/" + correlation).event(), TestContext.of("TracesApi"));
        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = EnvelopeCodec.mapper().readTree(response.getBody());
        List<String> ids = new ArrayList<>();
        body.path("events").forEach(e -> ids.add(e.path("id").asText()));
        assertThat(ids).containsExactly(placed.id(), paid.id(), confirmed.id());
        JsonNode first = body.path("events").get(0);
        assertThat(first.path("type").asText()).isEqualTo(Events.ORDER_PLACED);
        assertThat(first.path("source").asText()).isEqualTo(Events.ORDERS_SOURCE);
        assertThat(first.path("subject").asText()).isEqualTo("o-1");
        assertThat(first.path("time").asText()).isEqualTo("2026-11-30T10:00:00Z");
        assertThat(first.path("causationid").asText()).isEqualTo("api-request-1");
        assertThat(body.path("events").get(2).path("causationid").asText()).isEqualTo(paid.id());
    }

    @Test
    void anUnknownConversationIsANotFoundProblem() {
        APIGatewayProxyResponseEvent response = traces.handleRequest(ApiCall.get("/traces/nobody-" + UUID.randomUUID()).event(), TestContext.of("TracesApi"));
        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
    }
}
