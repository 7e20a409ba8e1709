package dev.ferry.functions.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.ferry.envelope.Envelope;
import dev.ferry.functions.events.Events;
import dev.ferry.functions.events.OrderConfirmed;
import dev.ferry.functions.events.OrderRejected;
import dev.ferry.functions.events.PaymentFailed;
import dev.ferry.functions.events.PaymentSucceeded;
import dev.ferry.functions.money.Money;
import dev.ferry.functions.testing.LocalTables;
import dev.ferry.functions.testing.Messages;
import dev.ferry.functions.testing.TestContext;
import dev.ferry.functions.testing.TestEvents;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class PaymentOutcomeHandlerTest {

    private static LocalTables tables;
    private static PaymentOutcomeHandler handler;

    @BeforeAll
    static void start() {
        tables = LocalTables.start();
        handler = new PaymentOutcomeHandler(tables.environment());
    }

    @AfterAll
    static void stop() {
        tables.close();
    }

    private static Order pendingOrder() {
        Order order = Order.place(UUID.randomUUID().toString(), "acc-1", Money.parse("12.50", "USD"), Instant.now());
        tables.client().putItem(b -> b.tableName(tables.name("orders")).item(OrderTable.toItem(order)));
        return order;
    }

    private static String succeeded(Order order) {
        return TestEvents.json(TestEvents.envelope(Events.PAYMENTS_SOURCE, Events.PAYMENT_SUCCEEDED, order.id(),
                new PaymentSucceeded(order.id(), order.accountId(), "12.50", "USD", "7.50", "ada@example.com")));
    }

    private static String failed(Order order, String reason) {
        return TestEvents.json(TestEvents.envelope(Events.PAYMENTS_SOURCE, Events.PAYMENT_FAILED, order.id(),
                new PaymentFailed(order.id(), order.accountId(), "12.50", "USD", reason)));
    }

    private static SQSBatchResponse deliver(SQSEvent event) {
        return handler.handleRequest(event, TestContext.of("OrdersConsumer"));
    }

    private static Map<String, AttributeValue> stored(Order order) {
        return tables.item("orders", "id", order.id());
    }

    private static List<Envelope<Object>> emitted(String type, Order order) {
        return tables.outbox("orders", type).stream().map(r -> Events.codec().decode(r.get("envelope").s()))
                .filter(e -> e.subject().equals(order.id())).toList();
    }

    @Test
    void orderIsConfirmedOnceWhenPaymentEventArrivesTwice() {
        Order order = pendingOrder();
        String payment = succeeded(order);

        assertThat(deliver(Messages.sqs(payment)).getBatchItemFailures()).isEmpty();
        assertThat(deliver(Messages.sqs(payment, payment)).getBatchItemFailures()).isEmpty();

        assertThat(stored(order).get("status").s()).isEqualTo("CONFIRMED");
        assertThat(stored(order).get("version").n()).as("one versioned update").isEqualTo("2");
        List<Envelope<Object>> confirmed = emitted(Events.ORDER_CONFIRMED, order);
        assertThat(confirmed).hasSize(1);
        assertThat(confirmed.get(0).data()).isEqualTo(new OrderConfirmed(order.id(), "acc-1", "12.50", "USD", "ada@example.com"));
    }

    @Test
    void paymentFailureRejectsTheOrderWithItsReason() {
        Order order = pendingOrder();

        assertThat(deliver(Messages.sqs(failed(order, "insufficient funds"))).getBatchItemFailures()).isEmpty();

        assertThat(stored(order).get("status").s()).isEqualTo("REJECTED");
        assertThat(stored(order).get("reason").s()).isEqualTo("insufficient funds");
        assertThat(emitted(Events.ORDER_REJECTED, order)).extracting(Envelope::data)
                .containsExactly(new OrderRejected(order.id(), "acc-1", "insufficient funds"));
    }

    @Test
    void anOutcomeContradictingAFinalOrderIsReportedAndChangesNothing() {
        Order order = pendingOrder();
        deliver(Messages.sqs(succeeded(order)));
        SQSEvent contradiction = Messages.sqs(failed(order, "too late"));

        SQSBatchResponse response = deliver(contradiction);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(contradiction.getRecords().get(0).getMessageId());
        assertThat(stored(order).get("status").s()).isEqualTo("CONFIRMED");
        assertThat(emitted(Events.ORDER_REJECTED, order)).isEmpty();
    }

    @Test
    void aConcurrentChangeOfTheOrderIsReadAgainBeforeWriting() {
        Order order = pendingOrder();
        // Someone else bumped the version after placement (say, an address change): the versioned write must not
        // overwrite it blindly, and the consumer must still confirm from the fresh state.
        tables.client().updateItem(b -> b.tableName(tables.name("orders")).key(Map.of("id", AttributeValue.fromS(order.id())))
                .updateExpression("SET version = :v").expressionAttributeValues(Map.of(":v", AttributeValue.fromN("5"))));

        assertThat(deliver(Messages.sqs(succeeded(order))).getBatchItemFailures()).isEmpty();

        assertThat(stored(order).get("status").s()).isEqualTo("CONFIRMED");
        assertThat(stored(order).get("version").n()).isEqualTo("6");
    }
}
