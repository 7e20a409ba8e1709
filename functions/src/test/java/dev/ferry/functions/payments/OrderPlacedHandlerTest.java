package dev.ferry.functions.payments;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.ferry.envelope.Envelope;
import dev.ferry.functions.events.Events;
import dev.ferry.functions.events.OrderPlaced;
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

class OrderPlacedHandlerTest {

    private static LocalTables tables;
    private static OrderPlacedHandler handler;

    @BeforeAll
    static void start() {
        tables = LocalTables.start();
        handler = new OrderPlacedHandler(tables.environment());
    }

    @AfterAll
    static void stop() {
        tables.close();
    }

    static String account(String balance, String currency) {
        Account opened = Account.open(UUID.randomUUID().toString(), "Ada", "ada@example.com", currency, Instant.now());
        Account funded = new Account(opened.id(), opened.owner(), opened.email(), Money.parse(balance, currency), 3, opened.createdAt());
        tables.client().putItem(b -> b.tableName(tables.name("accounts")).item(AccountTable.toItem(funded)));
        return funded.id();
    }

    private static Envelope<OrderPlaced> placed(String accountId, String amount) {
        String orderId = UUID.randomUUID().toString();
        return TestEvents.envelope(Events.ORDERS_SOURCE, Events.ORDER_PLACED, orderId, new OrderPlaced(orderId, accountId, amount, "USD"));
    }

    private static SQSBatchResponse deliver(SQSEvent event) {
        return handler.handleRequest(event, TestContext.of("PaymentsConsumer"));
    }

    private static Map<String, AttributeValue> accountItem(String id) {
        return tables.item("accounts", "id", id);
    }

    private static List<Envelope<Object>> emitted(String type, String orderId) {
        return tables.outbox("accounts", type).stream().map(r -> Events.codec().decode(r.get("envelope").s()))
                .filter(e -> e.subject().equals(orderId)).toList();
    }

    @Test
    void orderPlacedWithSufficientFundsDebitsOnceAndEmitsPaymentSucceededOnceWhenDeliveredTwice() {
        String accountId = account("20.00", "USD");
        Envelope<OrderPlaced> placed = placed(accountId, "12.50");
        String body = TestEvents.json(placed);

        assertThat(deliver(Messages.sqs(body, body)).getBatchItemFailures()).isEmpty();
        assertThat(deliver(Messages.sqs(body)).getBatchItemFailures()).isEmpty();

        assertThat(accountItem(accountId).get("balance").n()).isEqualTo("7.5");
        assertThat(accountItem(accountId).get("version").n()).isEqualTo("4");
        List<Envelope<Object>> succeeded = emitted(Events.PAYMENT_SUCCEEDED, placed.subject());
        assertThat(succeeded).hasSize(1);
        assertThat(succeeded.get(0).data()).isEqualTo(new PaymentSucceeded(placed.subject(), accountId, "12.50", "USD", "7.50", "ada@example.com"));
        assertThat(succeeded.get(0).correlationId()).isEqualTo(placed.correlationId());
        assertThat(succeeded.get(0).causationId()).contains(placed.id());
    }

    /** What DynamoDB's TTL does to the consumer's key once its horizon has passed. */
    private static void forgetKey(Envelope<OrderPlaced> placed) {
        tables.client().deleteItem(b -> b.tableName(tables.name("idempotency"))
                .key(Map.of("id", AttributeValue.fromS(Payments.CONSUMER + "#" + placed.id()))));
    }

    @Test
    void anOrderPlacedRedrivenAfterItsIdempotencyRecordExpiredIsNotPaidTwice() {
        String accountId = account("30.00", "USD"); // enough for a second debit, were one to happen
        Envelope<OrderPlaced> placed = placed(accountId, "12.50");
        assertThat(deliver(Messages.sqs(TestEvents.json(placed))).getBatchItemFailures()).isEmpty();
        forgetKey(placed);

        assertThat(deliver(Messages.sqs(TestEvents.json(placed))).getBatchItemFailures()).isEmpty();

        assertThat(accountItem(accountId).get("balance").n()).isEqualTo("17.5");
        assertThat(emitted(Events.PAYMENT_SUCCEEDED, placed.subject())).hasSize(1);
        assertThat(emitted(Events.PAYMENT_FAILED, placed.subject())).isEmpty();
        assertThat(tables.item("accounts", "id", "payment#" + placed.subject())).containsEntry("decision", AttributeValue.fromS("SUCCEEDED"));
    }

    @Test
    void aDeclinedOrderRedrivenAfterADepositAndAfterItsKeyExpiredStaysDeclined() {
        String accountId = account("5.00", "USD");
        Envelope<OrderPlaced> placed = placed(accountId, "12.50");
        assertThat(deliver(Messages.sqs(TestEvents.json(placed))).getBatchItemFailures()).isEmpty();
        forgetKey(placed);
        tables.client().updateItem(b -> b.tableName(tables.name("accounts")).key(Map.of("id", AttributeValue.fromS(accountId)))
                .updateExpression("SET balance = :b").expressionAttributeValues(Map.of(":b", AttributeValue.fromN("100"))));

        assertThat(deliver(Messages.sqs(TestEvents.json(placed))).getBatchItemFailures()).isEmpty();

        assertThat(accountItem(accountId).get("balance").n()).as("the order was decided once: declined").isEqualTo("100");
        assertThat(emitted(Events.PAYMENT_SUCCEEDED, placed.subject())).isEmpty();
        assertThat(emitted(Events.PAYMENT_FAILED, placed.subject())).hasSize(1);
    }

    @Test
    void orderPlacedWithInsufficientFundsEmitsPaymentFailed() {
        String accountId = account("12.49", "USD");
        Envelope<OrderPlaced> placed = placed(accountId, "12.50");

        assertThat(deliver(Messages.sqs(TestEvents.json(placed))).getBatchItemFailures()).isEmpty();

        assertThat(accountItem(accountId).get("balance").n()).isEqualTo("12.49");
        assertThat(emitted(Events.PAYMENT_SUCCEEDED, placed.subject())).isEmpty();
        List<Envelope<Object>> failed = emitted(Events.PAYMENT_FAILED, placed.subject());
        assertThat(failed).hasSize(1);
        assertThat(((PaymentFailed) failed.get(0).data()).reason()).contains("insufficient funds");
    }

    @Test
    void orderForAnUnknownAccountEmitsPaymentFailed() {
        Envelope<OrderPlaced> placed = placed(UUID.randomUUID().toString(), "1.00");
        assertThat(deliver(Messages.sqs(TestEvents.json(placed))).getBatchItemFailures()).isEmpty();
        assertThat(((PaymentFailed) emitted(Events.PAYMENT_FAILED, placed.subject()).get(0).data()).reason()).contains("does not exist");
    }

    @Test
    void twoOrdersOfOneAccountInOneBatchCannotSpendTheSameMoneyTwice() {
        String accountId = account("10.00", "USD");
        Envelope<OrderPlaced> first = placed(accountId, "6.00");
        Envelope<OrderPlaced> second = placed(accountId, "6.00");

        assertThat(deliver(Messages.sqs(TestEvents.json(first), TestEvents.json(second))).getBatchItemFailures()).isEmpty();

        assertThat(accountItem(accountId).get("balance").n()).isEqualTo("4");
        assertThat(emitted(Events.PAYMENT_SUCCEEDED, first.subject())).hasSize(1);
        assertThat(emitted(Events.PAYMENT_FAILED, second.subject())).hasSize(1);
    }

    @Test
    void aMalformedMessageIsReportedFailedAndTheOthersGoOn() {
        String accountId = account("5.00", "USD");
        Envelope<OrderPlaced> good = placed(accountId, "1.00");
        SQSEvent event = Messages.sqs("{\"not\":\"an envelope\"}", TestEvents.json(good));

        SQSBatchResponse response = deliver(event);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(event.getRecords().get(0).getMessageId());
        assertThat(emitted(Events.PAYMENT_SUCCEEDED, good.subject())).hasSize(1);
    }
}
