package dev.ferry.functions.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.ferry.envelope.Envelope;
import dev.ferry.functions.events.AccountOpened;
import dev.ferry.functions.events.Events;
import dev.ferry.functions.events.OrderConfirmed;
import dev.ferry.functions.testing.LocalTables;
import dev.ferry.functions.testing.Messages;
import dev.ferry.functions.testing.TestContext;
import dev.ferry.functions.testing.TestEvents;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class EmailTaskHandlerTest {

    private static LocalTables tables;

    @BeforeAll
    static void start() {
        tables = LocalTables.start();
    }

    @AfterAll
    static void stop() {
        tables.close();
    }

    private static Envelope<AccountOpened> opened() {
        return TestEvents.envelope(Events.PAYMENTS_SOURCE, Events.ACCOUNT_OPENED, "acc-1", new AccountOpened("acc-1", "Ada", "ada@example.com", "USD"));
    }

    @Test
    void welcomeEmailIsRecordedOnceWhenAccountOpenedArrivesTwice() {
        EmailTaskHandler handler = new EmailTaskHandler(tables.environment());
        Envelope<AccountOpened> opened = opened();
        String body = TestEvents.json(opened);

        assertThat(handler.handleRequest(Messages.sqs(body, body), TestContext.of("Notifications")).getBatchItemFailures()).isEmpty();
        assertThat(handler.handleRequest(Messages.sqs(body), TestContext.of("Notifications")).getBatchItemFailures()).isEmpty();

        List<Map<String, AttributeValue>> sent = tables.scan("notifications").stream()
                .filter(i -> i.get("eventId").s().equals(opened.id())).toList();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).get("id").s()).isEqualTo(opened.id() + "#welcome");
        assertThat(sent.get(0).get("to").s()).isEqualTo("ada@example.com");
        assertThat(sent.get(0).get("correlationId").s()).isEqualTo(opened.correlationId());
    }

    @Test
    void aPluggedSenderGetsEachEmailOnce() {
        List<Email> outbox = new CopyOnWriteArrayList<>();
        EmailTaskHandler handler = new EmailTaskHandler(tables.environment(), email -> {
            outbox.add(email);
            return new EmailSender.SendResult.Sent();
        });
        String confirmed = TestEvents.json(TestEvents.envelope(Events.ORDERS_SOURCE, Events.ORDER_CONFIRMED, "o-1",
                new OrderConfirmed("o-1", "acc-1", "12.50", "USD", "ada@example.com")));

        handler.handleRequest(Messages.sqs(confirmed, confirmed), TestContext.of("Notifications"));

        assertThat(outbox).extracting(Email::template).containsExactly("order-confirmation");
    }

    @Test
    void anEmailThatCannotBeWrittenIsReportedAndOthersAreSent() {
        EmailTaskHandler handler = new EmailTaskHandler(tables.environment());
        SQSEvent event = Messages.sqs(TestEvents.json(TestEvents.envelope(Events.ORDERS_SOURCE, Events.ORDER_CONFIRMED, "o-2",
                new OrderConfirmed("o-2", "acc-1", "1.00", "USD", null))), TestEvents.json(opened()));

        SQSBatchResponse response = handler.handleRequest(event, TestContext.of("Notifications"));

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(event.getRecords().get(0).getMessageId());
    }
}
