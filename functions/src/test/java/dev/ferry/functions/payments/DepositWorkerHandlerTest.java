package dev.ferry.functions.payments;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.ferry.envelope.Envelope;
import dev.ferry.functions.events.DepositApplied;
import dev.ferry.functions.events.DepositRequested;
import dev.ferry.functions.events.Events;
import dev.ferry.functions.money.Money;
import dev.ferry.functions.testing.LocalTables;
import dev.ferry.functions.testing.Messages;
import dev.ferry.functions.testing.TestContext;
import dev.ferry.functions.testing.TestEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DepositWorkerHandlerTest {

    private static LocalTables tables;
    private static DepositWorkerHandler handler;

    @BeforeAll
    static void start() {
        tables = LocalTables.start();
        handler = new DepositWorkerHandler(tables.environment());
    }

    @AfterAll
    static void stop() {
        tables.close();
    }

    private static String account(String balance) {
        Account a = new Account(UUID.randomUUID().toString(), "Bo", "bo@example.com", Money.parse(balance, "USD"), 1, Instant.now());
        tables.client().putItem(b -> b.tableName(tables.name("accounts")).item(AccountTable.toItem(a)));
        return a.id();
    }

    /** The command AccountsApi sends for a request with {@code key}. */
    private static SQSEvent.SQSMessage deposit(String accountId, String key, String amount) {
        String depositId = DepositCommands.depositId(accountId, key);
        Envelope<DepositRequested> base = TestEvents.envelope(Events.PAYMENTS_SOURCE, Events.DEPOSIT_REQUESTED, accountId,
                new DepositRequested(depositId, accountId, amount, "USD"));
        Envelope<DepositRequested> command = new Envelope<>(depositId, base.source(), base.type(), base.subject(), base.time(), base.data(),
                base.correlationId(), Optional.empty());
        return Messages.fifoMessage(TestEvents.json(command), accountId, depositId);
    }

    private static String balance(String accountId) {
        return tables.item("accounts", "id", accountId).get("balance").n();
    }

    private static List<Envelope<Object>> applied(String accountId) {
        return tables.outbox("accounts", Events.DEPOSIT_APPLIED).stream().map(r -> Events.codec().decode(r.get("envelope").s()))
                .filter(e -> e.subject().equals(accountId)).toList();
    }

    @Test
    void aDepositRedrivenAfterItsIdempotencyRecordExpiredMovesTheBalanceOnce() {
        String accountId = account("10.00");
        SQSEvent.SQSMessage command = deposit(accountId, "key-late", "25.00");
        assertThat(handler.handleRequest(Messages.batch(List.of(command)), TestContext.of("DepositWorker")).getBatchItemFailures()).isEmpty();
        // Weeks later: DynamoDB's TTL has removed the worker's key, and the dead-letter queue's copy comes back.
        String depositId = DepositCommands.depositId(accountId, "key-late");
        tables.client().deleteItem(b -> b.tableName(tables.name("idempotency"))
                .key(Map.of("id", AttributeValue.fromS(DepositWorker.CONSUMER + "#" + depositId))));

        assertThat(handler.handleRequest(Messages.batch(List.of(command)), TestContext.of("DepositWorker")).getBatchItemFailures()).isEmpty();

        assertThat(balance(accountId)).isEqualTo("35");
        assertThat(applied(accountId)).hasSize(1);
        assertThat(tables.item("accounts", "id", "deposit#" + depositId)).containsEntry("balanceAfter", AttributeValue.fromN("35"))
                .containsEntry("status", AttributeValue.fromS("APPLIED"));
    }

    @Test
    void aDepositThatCanNeverBeAppliedIsRecordedRejectedWithItsReasonAndNotRetried() {
        String accountId = account("999999999990.00");
        SQSEvent.SQSMessage tooMuch = deposit(accountId, "key-overflow", "20.00");
        String depositId = DepositCommands.depositId(accountId, "key-overflow");

        SQSBatchResponse response = handler.handleRequest(Messages.batch(List.of(tooMuch)), TestContext.of("DepositWorker"));

        // No dead-letter queue in this environment: the rejected message is reported failed, so the queue's
        // redrive policy takes it; with DEAD_LETTER_QUEUE_URL (as deployed) it is dead-lettered at once.
        assertThat(response.getBatchItemFailures()).hasSize(1);
        DepositRecord recorded = new AccountTable(tables.client(), tables.name("accounts")).findDeposit(depositId).orElseThrow();
        assertThat(recorded.status()).isEqualTo(DepositStatus.REJECTED);
        assertThat(recorded.reason()).hasValueSatisfying(r -> assertThat(r).contains("largest balance"));
        assertThat(balance(accountId)).isEqualTo("999999999990");
        assertThat(applied(accountId)).isEmpty();
    }

    @Test
    void depositRepeatedWithOneKeyMovesBalanceOnce() {
        String accountId = account("10.00");
        // The same request sent again after SQS's deduplication window: a new message, the same deposit.
        SQSEvent first = Messages.batch(List.of(deposit(accountId, "key-1", "50.00")));
        SQSEvent resent = Messages.batch(List.of(deposit(accountId, "key-1", "50.00"), deposit(accountId, "key-1", "50.00")));

        assertThat(handler.handleRequest(first, TestContext.of("DepositWorker")).getBatchItemFailures()).isEmpty();
        assertThat(handler.handleRequest(resent, TestContext.of("DepositWorker")).getBatchItemFailures()).isEmpty();

        assertThat(balance(accountId)).isEqualTo("60");
        List<Envelope<Object>> events = applied(accountId);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).data()).isEqualTo(new DepositApplied(accountId, DepositCommands.depositId(accountId, "key-1"), "50.00", "60.00"));
    }

    @Test
    void depositsWithDifferentKeysAllApplyInOrder() {
        String accountId = account("0.00");
        SQSEvent batch = Messages.batch(List.of(deposit(accountId, "a", "0.10"), deposit(accountId, "b", "0.20"), deposit(accountId, "c", "0.30")));

        assertThat(handler.handleRequest(batch, TestContext.of("DepositWorker")).getBatchItemFailures()).isEmpty();

        assertThat(balance(accountId)).isEqualTo("0.6");
        assertThat(applied(accountId)).extracting(e -> ((DepositApplied) e.data()).balanceAfter()).containsExactlyInAnyOrder("0.10", "0.30", "0.60");
    }

    @Test
    void concurrentDepositsToOneAccountAreNeitherLostNorDoubled() throws Exception {
        String accountId = account("0.00");
        int deposits = 8;
        ExecutorService pool = Executors.newFixedThreadPool(deposits);
        try {
            List<Future<Integer>> redeliveries = new ArrayList<>();
            for (int i = 0; i < deposits; i++) {
                SQSEvent.SQSMessage message = deposit(accountId, "concurrent-" + i, "1.25");
                // Each message delivered on its own thread (as if by different pollers), and redelivered, as SQS would, until it settles.
                redeliveries.add(pool.submit(() -> {
                    int attempts = 0;
                    while (!handler.handleRequest(Messages.batch(List.of(message)), TestContext.of("DepositWorker")).getBatchItemFailures().isEmpty()) {
                        attempts++;
                    }
                    return attempts;
                }));
            }
            for (Future<Integer> f : redeliveries) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(balance(accountId)).isEqualTo("10");
        assertThat(applied(accountId)).hasSize(deposits)
                .extracting(e -> ((DepositApplied) e.data()).balanceAfter()).doesNotHaveDuplicates();
    }

    @Test
    void aFailedDepositHoldsBackTheRestOfItsAccountOnly() {
        String missing = UUID.randomUUID().toString();
        String healthy = account("1.00");
        SQSEvent.SQSMessage poison = deposit(missing, "p", "5.00");
        SQSEvent.SQSMessage behindPoison = deposit(missing, "q", "6.00");
        SQSEvent.SQSMessage otherAccount = deposit(healthy, "r", "2.00");

        SQSBatchResponse response = handler.handleRequest(Messages.batch(List.of(poison, otherAccount, behindPoison)), TestContext.of("DepositWorker"));

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(poison.getMessageId(), behindPoison.getMessageId());
        assertThat(balance(healthy)).isEqualTo("3");
    }
}
