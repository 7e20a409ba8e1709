package dev.ferry.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.local.dynamodb.faults.DynamoDbFaultPlan;
import dev.ferry.testing.FaultInjector;
import dev.ferry.testing.MeteredDynamoDb;
import dev.ferry.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

class TransactionalIdempotencyTest {

    private static final String KEYS = "idempotency";
    private static final String ACCOUNTS = "accounts";
    private static MeteredDynamoDb dynamo;

    private MutableClock clock;
    private TransactionalIdempotency idempotency;
    private String account;
    private String key;

    @BeforeAll
    static void startDynamoDb() {
        dynamo = MeteredDynamoDb.start();
        dynamo.local().createTable(KEYS, IdempotencyRecord.ID, false);
        dynamo.local().createTable(ACCOUNTS, "id", false);
    }

    @AfterAll
    static void stopDynamoDb() {
        dynamo.close();
    }

    @BeforeEach
    void openAccount() {
        clock = new MutableClock(Instant.now());
        idempotency = new TransactionalIdempotency(dynamo.client(), KEYS, Duration.ofHours(1), clock);
        account = "acc-" + System.nanoTime();
        key = "deposit-" + System.nanoTime();
        dynamo.local().admin().putItem(b -> b.tableName(ACCOUNTS).item(Map.of("id", s(account), "balance", n(100))));
        dynamo.reset();
    }

    @Test
    void depositCommitsWithItsKeyInOneRequestAndARepeatIsADuplicateInOneRequest() {
        assertThat(idempotency.commit(key, "h", "balance+50", List.of(add(50)))).isInstanceOf(TransactionOutcome.Committed.class);
        assertThat(dynamo.meter().operations()).containsExactly("TransactWriteItems");
        assertThat(dynamo.meter().writeUnits()).as("two items, two units each inside a transaction").isEqualTo(4.0);
        assertThat(balance()).isEqualTo(150);

        dynamo.meter().reset();
        assertThat(idempotency.commit(key, "h", "ignored", List.of(add(50)))).isEqualTo(new TransactionOutcome.Duplicate("balance+50"));
        assertThat(dynamo.meter().operations()).containsExactly("TransactWriteItems");
        assertThat(balance()).isEqualTo(150);
    }

    @Test
    void keyReusedForAnotherPayloadWritesNothing() {
        idempotency.commit(key, "h1", "r", List.of(add(50)));
        assertThat(idempotency.commit(key, "h2", "r", List.of(add(70)))).isEqualTo(new TransactionOutcome.PayloadMismatch(key));
        assertThat(balance()).isEqualTo(150);
    }

    @Test
    void failedBusinessConditionWritesNeitherEffectNorKey() {
        TransactionOutcome outcome = idempotency.commit(key, "h", "debited", List.of(debit(500)));
        assertThat(outcome).isInstanceOf(TransactionOutcome.EffectRejected.class);
        TransactionOutcome.EffectRejected rejected = (TransactionOutcome.EffectRejected) outcome;
        assertThat(rejected.effectIndex()).isZero();
        assertThat(rejected.currentItem().get("balance").n()).isEqualTo("100");
        assertThat(balance()).isEqualTo(100);
        assertThat(keyRecord()).isEmpty();
        assertThat(idempotency.commit(key, "h", "debited", List.of(debit(60)))).isInstanceOf(TransactionOutcome.Committed.class);
        assertThat(balance()).isEqualTo(40);
    }

    @Test
    void expiredKeyCanBeCommittedAgain() {
        idempotency.commit(key, "h", "r", List.of(add(50)));
        clock.advance(Duration.ofHours(1).plusSeconds(2));
        assertThat(idempotency.commit(key, "h", "r", List.of(add(50)))).isInstanceOf(TransactionOutcome.Committed.class);
        assertThat(balance()).isEqualTo(200);
    }

    @Test
    void manyThreadsDepositingUnderOneKeyAddTheAmountOnce() throws Exception {
        int threads = 12;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<TransactionOutcome>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return idempotency.commit(key, "h", "balance+50", List.of(add(50)));
                }));
            }
            start.countDown();
            List<TransactionOutcome> outcomes = new ArrayList<>();
            for (Future<TransactionOutcome> f : futures) {
                outcomes.add(f.get());
            }
            assertThat(outcomes).filteredOn(o -> o instanceof TransactionOutcome.Committed).hasSize(1);
            assertThat(outcomes).filteredOn(o -> o instanceof TransactionOutcome.Duplicate).hasSize(threads - 1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(balance()).isEqualTo(150);
    }

    // --- transaction conflicts raised by DynamoDB (the emulator's faults): retried, never a double effect ---

    @Test
    void aDepositCancelledByTransactionConflictsIsRetriedAndCommitsExactlyOnce() {
        var before = dynamo.dynamoDbFaults().counters();
        dynamo.dynamoDbFaults().set(DynamoDbFaultPlan.none().onlyTables(KEYS));
        dynamo.dynamoDbFaults().conflictNext(2);

        assertThat(idempotency.commit(key, "h", "balance+50", List.of(add(50)))).isInstanceOf(TransactionOutcome.Committed.class);

        assertThat(dynamo.meter().operations()).as("two cancelled attempts, then the commit")
                .containsExactly("TransactWriteItems", "TransactWriteItems", "TransactWriteItems");
        assertThat(dynamo.dynamoDbFaults().counters().since(before).injectedConflicts()).isEqualTo(2);
        assertThat(balance()).isEqualTo(150);
        assertThat(idempotency.commit(key, "h", "ignored", List.of(add(50)))).isEqualTo(new TransactionOutcome.Duplicate("balance+50"));
        assertThat(balance()).isEqualTo(150);
    }

    @Test
    void conflictsThatPersistReachTheCallerAndWriteNeitherEffectNorKey() {
        dynamo.dynamoDbFaults().set(DynamoDbFaultPlan.none().withConflict(1).onlyTables(KEYS));

        assertThatThrownBy(() -> idempotency.commit(key, "h", "r", List.of(add(50))))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> assertThat(e.cancellationReasons())
                        .extracting(CancellationReason::code).containsExactly("TransactionConflict", "None"));

        assertThat(dynamo.meter().operations()).as("every attempt was made").hasSize(4).containsOnly("TransactWriteItems");
        assertThat(balance()).isEqualTo(100);
        assertThat(keyRecord()).isEmpty();
        dynamo.dynamoDbFaults().clear();
        assertThat(idempotency.commit(key, "h", "r", List.of(add(50)))).isInstanceOf(TransactionOutcome.Committed.class);
        assertThat(balance()).isEqualTo(150);
    }

    @Test
    void withConflictsOnHalfTheTransactionsEveryDepositLandsOnceOrSaysItDidNot() {
        dynamo.dynamoDbFaults().set(DynamoDbFaultPlan.none().withConflict(0.5).onlyTables(KEYS).withSeed(5));
        List<String> keys = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String k = key + "-" + i;
            keys.add(k);
            try {
                assertThat(idempotency.commit(k, "h", "r", List.of(add(50)))).isInstanceOf(TransactionOutcome.Committed.class);
            } catch (TransactionCanceledException conflicts) {
                refused.add(k);
            }
        }
        assertThat(refused).as("seed 5 makes some deposit meet four conflicts in a row").isNotEmpty();
        assertThat(balance()).isEqualTo(100 + 50L * (keys.size() - refused.size()));

        dynamo.dynamoDbFaults().clear();
        for (String k : keys) idempotency.commit(k, "h", "r", List.of(add(50)));
        assertThat(balance()).as("each deposit once, whether its first commit got through or not").isEqualTo(100 + 50L * keys.size());
    }

    // --- a crash injected at every step of transactional mode: never a double effect ----------------

    @Test
    void crashBeforeTheTransactionIsSentWritesNothingAndTheRetryAppliesOnce() {
        dynamo.faults().arm("TransactWriteItems", FaultInjector.Phase.BEFORE_SEND);
        assertThatThrownBy(() -> idempotency.commit(key, "h", "r", List.of(add(50)))).isInstanceOf(FaultInjector.InjectedFault.class);
        assertThat(balance()).isEqualTo(100);
        assertThat(idempotency.commit(key, "h", "r", List.of(add(50)))).isInstanceOf(TransactionOutcome.Committed.class);
        assertThat(balance()).isEqualTo(150);
    }

    @Test
    void crashAfterTheTransactionCommittedMakesTheRetryADuplicate() {
        dynamo.faults().arm("TransactWriteItems", FaultInjector.Phase.AFTER_EXECUTION);
        assertThatThrownBy(() -> idempotency.commit(key, "h", "r", List.of(add(50)))).isInstanceOf(FaultInjector.InjectedFault.class);
        assertThat(balance()).isEqualTo(150);
        assertThat(idempotency.commit(key, "h", "r", List.of(add(50)))).isEqualTo(new TransactionOutcome.Duplicate("r"));
        assertThat(balance()).isEqualTo(150);
    }

    @Test
    void crashAfterADuplicateWasDetectedChangesNothing() {
        idempotency.commit(key, "h", "r", List.of(add(50)));
        dynamo.faults().arm("TransactWriteItems", FaultInjector.Phase.AFTER_EXECUTION);
        assertThatThrownBy(() -> idempotency.commit(key, "h", "r", List.of(add(50)))).isInstanceOf(FaultInjector.InjectedFault.class);
        assertThat(idempotency.commit(key, "h", "r", List.of(add(50)))).isEqualTo(new TransactionOutcome.Duplicate("r"));
        assertThat(balance()).isEqualTo(150);
    }

    private TransactWriteItem add(int amount) {
        return TransactWriteItem.builder().update(Update.builder().tableName(ACCOUNTS).key(Map.of("id", s(account)))
                .updateExpression("ADD balance :amount")
                .conditionExpression("attribute_exists(id)")
                .expressionAttributeValues(Map.of(":amount", n(amount))).build()).build();
    }

    private TransactWriteItem debit(int amount) {
        return TransactWriteItem.builder().update(Update.builder().tableName(ACCOUNTS).key(Map.of("id", s(account)))
                .updateExpression("SET balance = balance - :amount")
                .conditionExpression("balance >= :amount")
                .expressionAttributeValues(Map.of(":amount", n(amount)))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build();
    }

    private long balance() {
        return Long.parseLong(dynamo.local().admin().getItem(b -> b.tableName(ACCOUNTS).key(Map.of("id", s(account))).consistentRead(true))
                .item().get("balance").n());
    }

    private Map<String, AttributeValue> keyRecord() {
        return dynamo.local().admin().getItem(b -> b.tableName(KEYS).key(Map.of("id", s(key))).consistentRead(true)).item();
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
