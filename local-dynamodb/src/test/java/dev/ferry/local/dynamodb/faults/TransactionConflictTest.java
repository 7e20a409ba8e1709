package dev.ferry.local.dynamodb.faults;

import static dev.ferry.local.dynamodb.faults.FaultyDynamoDb.ACCOUNTS;
import static dev.ferry.local.dynamodb.faults.FaultyDynamoDb.LEDGER;
import static dev.ferry.local.dynamodb.faults.FaultyDynamoDb.key;
import static dev.ferry.local.dynamodb.faults.FaultyDynamoDb.n;
import static dev.ferry.local.dynamodb.faults.FaultyDynamoDb.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Get;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.TransactionInProgressException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * DynamoDB's transaction conflict handling
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-conflict-handling),
 * driven through the AWS SDK: a transaction is held in flight by a latch, other work meets its items.
 */
class TransactionConflictTest {
    private static FaultyDynamoDb dynamo;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private DynamoDbFaultCounters before;

    @BeforeAll
    static void start() {
        dynamo = new FaultyDynamoDb();
    }

    @AfterAll
    static void stop() {
        dynamo.close();
    }

    @BeforeEach
    void openAccounts() {
        dynamo.faults().clear();
        for (String id : List.of("acc-1", "acc-2", "acc-3", "acc-4")) dynamo.open(id, 100);
        before = dynamo.faults().counters();
    }

    /** What this test raised. */
    private DynamoDbFaultCounters raised() {
        return dynamo.faults().counters().since(before);
    }

    @AfterEach
    void letGo() {
        release.countDown();
        pool.shutdownNow();
        dynamo.faults().clear();
    }

    /** Keeps the first transaction that takes an item of {@code account} in flight until {@link #release}. */
    private void holdFirstTransactionOn(String account) {
        AtomicBoolean first = new AtomicBoolean();
        dynamo.faults().holdTransactions(tx -> {
            if (tx.holds(ACCOUNTS, account) && first.compareAndSet(false, true)) {
                held.countDown();
                release.await();
            }
        });
    }

    private Future<?> inFlight(DynamoDbClient client, TransactWriteItemsRequest request) throws InterruptedException {
        Future<?> running = pool.submit(() -> client.transactWriteItems(request));
        assertThat(held.await(30, TimeUnit.SECONDS)).as("the transaction took its items").isTrue();
        return running;
    }

    private static TransactWriteItem add(String account, long amount) {
        return TransactWriteItem.builder().update(u -> u.tableName(ACCOUNTS).key(key(account))
                .updateExpression("SET balance = balance + :amount")
                .expressionAttributeValues(Map.of(":amount", n(amount)))).build();
    }

    private static TransactWriteItem entry(String id) {
        return TransactWriteItem.builder().put(p -> p.tableName(LEDGER).item(Map.of("id", s(id)))).build();
    }

    private static TransactWriteItemsRequest transaction(TransactWriteItem... items) {
        return TransactWriteItemsRequest.builder().transactItems(items).build();
    }

    @Test
    void aTransactionMeetingAnotherInFlightOnTheSameItemIsCancelledWithTransactionConflictWhileTheOtherCommits() throws Exception {
        holdFirstTransactionOn("acc-1");
        Future<?> first = inFlight(dynamo.noRetries, transaction(add("acc-1", -30), entry("debit-1")));

        TransactionCanceledException cancelled = catchThrowableOfType(TransactionCanceledException.class,
                () -> dynamo.noRetries.transactWriteItems(transaction(add("acc-2", -10), add("acc-1", 10))));

        assertThat(cancelled.statusCode()).isEqualTo(400);
        assertThat(cancelled.cancellationReasons()).extracting(CancellationReason::code).containsExactly("None", "TransactionConflict");
        assertThat(cancelled.cancellationReasons().get(1).message()).isEqualTo("Transaction is ongoing for the item");
        assertThat(cancelled.getMessage()).contains("Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict]");
        release.countDown();
        first.get(30, TimeUnit.SECONDS);
        assertThat(dynamo.balance("acc-1")).as("only the held transaction applied").isEqualTo(70);
        assertThat(dynamo.balance("acc-2")).as("the cancelled one wrote nothing").isEqualTo(100);
        assertThat(raised()).isEqualTo(new DynamoDbFaultCounters(0, 1, 0));
    }

    @Test
    void singleItemWritesOnAHeldItemFailWithTransactionConflictExceptionWhichTheSdkDoesNotRetry() throws Exception {
        holdFirstTransactionOn("acc-1");
        Future<?> first = inFlight(dynamo.noRetries, transaction(add("acc-1", -30)));
        DynamoDbClient sdk = dynamo.sdkDefaults;

        assertThatThrownBy(() -> sdk.putItem(b -> b.tableName(ACCOUNTS).item(Map.of("id", s("acc-1"), "balance", n(0)))))
                .isInstanceOfSatisfying(TransactionConflictException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Transaction is ongoing for the item");
                });
        assertThatThrownBy(() -> sdk.updateItem(b -> b.tableName(ACCOUNTS).key(key("acc-1")).updateExpression("SET frozen = :t")
                .expressionAttributeValues(Map.of(":t", s("yes"))))).isInstanceOf(TransactionConflictException.class);
        assertThatThrownBy(() -> sdk.deleteItem(b -> b.tableName(ACCOUNTS).key(key("acc-1"))))
                .isInstanceOf(TransactionConflictException.class);
        assertThatThrownBy(() -> sdk.putItem(b -> b.tableName(ACCOUNTS).item(Map.of("id", s("acc-1")))
                .conditionExpression("attribute_not_exists(id)")))
                .as("the conflict comes before the condition").isInstanceOf(TransactionConflictException.class);
        assertThat(raised().transactionConflicts()).as("one attempt each: the SDK does not retry a conflict").isEqualTo(4);

        assertThat(sdk.getItem(b -> b.tableName(ACCOUNTS).key(key("acc-1"))).item().get("balance"))
                .as("a GetItem reads the committed item meanwhile").isEqualTo(n(100));
        release.countDown();
        first.get(30, TimeUnit.SECONDS);
        assertThat(dynamo.balance("acc-1")).isEqualTo(70);
        sdk.putItem(b -> b.tableName(ACCOUNTS).item(Map.of("id", s("acc-1"), "balance", n(5))));
        assertThat(dynamo.balance("acc-1")).as("released once applied").isEqualTo(5);
    }

    @Test
    void aTransactGetItemsOfAHeldItemIsCancelledAndABatchLeavesTheHeldItemUnprocessed() throws Exception {
        holdFirstTransactionOn("acc-1");
        Future<?> first = inFlight(dynamo.noRetries, transaction(add("acc-1", -30)));

        TransactionCanceledException cancelled = catchThrowableOfType(TransactionCanceledException.class,
                () -> dynamo.noRetries.transactGetItems(b -> b.transactItems(
                        TransactGetItem.builder().get(Get.builder().tableName(ACCOUNTS).key(key("acc-2")).build()).build(),
                        TransactGetItem.builder().get(Get.builder().tableName(ACCOUNTS).key(key("acc-1")).build()).build())));
        assertThat(cancelled.cancellationReasons()).extracting(CancellationReason::code).containsExactly("None", "TransactionConflict");

        var batch = dynamo.noRetries.batchWriteItem(b -> b.requestItems(Map.of(ACCOUNTS, List.of(
                WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of("id", s("acc-1"), "balance", n(1))).build()).build(),
                WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of("id", s("acc-9"), "balance", n(9))).build()).build()))));
        assertThat(batch.unprocessedItems().get(ACCOUNTS)).extracting(w -> w.putRequest().item().get("id").s()).containsExactly("acc-1");
        assertThat(dynamo.balance("acc-9")).isEqualTo(9);

        release.countDown();
        first.get(30, TimeUnit.SECONDS);
        assertThat(dynamo.balance("acc-1")).isEqualTo(70);
    }

    @Test
    void transactionsOnOtherItemsGoAheadWhileOneIsHeld() throws Exception {
        holdFirstTransactionOn("acc-1");
        Future<?> first = inFlight(dynamo.noRetries, transaction(add("acc-1", -30), entry("held")));

        dynamo.noRetries.transactWriteItems(transaction(add("acc-2", -25), add("acc-3", 25), entry("other")));

        assertThat(dynamo.balance("acc-2")).isEqualTo(75);
        assertThat(dynamo.balance("acc-3")).isEqualTo(125);
        assertThat(first.isDone()).as("the first is still held").isFalse();
        release.countDown();
        first.get(30, TimeUnit.SECONDS);
        assertThat(raised().total()).isZero();
    }

    @Test
    void concurrentTransactionsOnDisjointItemsNeverConflictEvenWithAWideHold() throws Exception {
        dynamo.faults().set(DynamoDbFaultPlan.none().withTransactionHold(Duration.ofMillis(5)));
        List<Future<?>> workers = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int w = 0; w < 2; w++) {
            String from = "acc-" + (2 * w + 1);
            String to = "acc-" + (2 * w + 2);
            workers.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < 15; i++) dynamo.noRetries.transactWriteItems(transaction(add(from, -1), add(to, 1)));
                return null;
            }));
        }
        go.countDown();
        for (Future<?> w : workers) w.get(60, TimeUnit.SECONDS);

        assertThat(raised().total()).isZero();
        assertThat(List.of("acc-1", "acc-2", "acc-3", "acc-4")).extracting(dynamo::balance).containsExactly(85L, 115L, 85L, 115L);
    }

    @Test
    void overlappingTransactionsThatRetryTheirConflictsLoseNoUpdate() throws Exception {
        dynamo.faults().set(DynamoDbFaultPlan.none().withTransactionHold(Duration.ofMillis(2)));
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> workers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            workers.add(pool.submit(() -> {
                go.await();
                int conflicts = 0;
                for (int i = 0; i < 10; i++) {
                    while (true) {
                        try {
                            dynamo.noRetries.transactWriteItems(transaction(add("acc-1", 1)));
                            break;
                        } catch (TransactionCanceledException e) {
                            assertThat(e.cancellationReasons()).extracting(CancellationReason::code).containsExactly("TransactionConflict");
                            conflicts++;
                        }
                    }
                }
                return conflicts;
            }));
        }
        go.countDown();
        int conflicts = 0;
        for (Future<Integer> w : workers) conflicts += w.get(60, TimeUnit.SECONDS);

        assertThat(dynamo.balance("acc-1")).isEqualTo(130);
        assertThat(raised().transactionConflicts()).isEqualTo(conflicts);
    }

    @Test
    void theSameClientRequestTokenWhileItsTransactionIsInFlightIsTransactionInProgress() throws Exception {
        TransactWriteItemsRequest debit = transaction(add("acc-1", -30)).toBuilder().clientRequestToken("debit-acc-1-once").build();
        holdFirstTransactionOn("acc-1");
        Future<?> first = inFlight(dynamo.noRetries, debit);

        assertThatThrownBy(() -> dynamo.noRetries.transactWriteItems(debit)).isInstanceOfSatisfying(TransactionInProgressException.class,
                e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The transaction with the given request token is already in progress."));
        release.countDown();
        first.get(30, TimeUnit.SECONDS);
        dynamo.noRetries.transactWriteItems(debit);
        assertThat(dynamo.balance("acc-1")).as("debited once").isEqualTo(70);
    }

    @Test
    void madeUpConflictsHitTransactionsAndSingleWritesWithNothingInFlight() {
        dynamo.faults().set(DynamoDbFaultPlan.none().onlyTables(ACCOUNTS));
        dynamo.faults().conflictNext(1);

        TransactionCanceledException cancelled = catchThrowableOfType(TransactionCanceledException.class,
                () -> dynamo.noRetries.transactWriteItems(transaction(entry("e-1"), add("acc-1", 5), add("acc-2", 5))));
        assertThat(cancelled.cancellationReasons()).extracting(CancellationReason::code)
                .containsExactly("None", "TransactionConflict", "None");
        dynamo.noRetries.transactWriteItems(transaction(entry("e-1"), add("acc-1", 5), add("acc-2", 5)));
        assertThat(dynamo.balance("acc-1")).isEqualTo(105);

        dynamo.faults().conflictNext(1);
        assertThatThrownBy(() -> dynamo.sdkDefaults.updateItem(b -> b.tableName(ACCOUNTS).key(key("acc-1"))
                .updateExpression("SET balance = :zero").expressionAttributeValues(Map.of(":zero", n(0)))))
                .isInstanceOf(TransactionConflictException.class);
        assertThat(dynamo.balance("acc-1")).isEqualTo(105);
        assertThat(raised()).isEqualTo(new DynamoDbFaultCounters(2, 0, 0));
    }

    @Test
    void aConditionFailingWhileAnotherTransactionHoldsADifferentItemIsReportedForItsOwnItem() throws Exception {
        holdFirstTransactionOn("acc-1");
        Future<?> first = inFlight(dynamo.noRetries, transaction(add("acc-1", -30)));

        TransactionCanceledException cancelled = catchThrowableOfType(TransactionCanceledException.class,
                () -> dynamo.noRetries.transactWriteItems(transaction(add("acc-1", 1),
                        TransactWriteItem.builder().conditionCheck(c -> c.tableName(ACCOUNTS).key(key("acc-2"))
                                .conditionExpression("balance > :rich").expressionAttributeValues(Map.of(":rich", n(1000)))).build())));
        assertThat(cancelled.cancellationReasons()).extracting(CancellationReason::code)
                .containsExactly("TransactionConflict", "ConditionalCheckFailed");
        release.countDown();
        first.get(30, TimeUnit.SECONDS);
        assertThatThrownBy(() -> dynamo.noRetries.putItem(b -> b.tableName(ACCOUNTS).item(Map.of("id", s("acc-1")))
                .conditionExpression("attribute_not_exists(id)"))).isInstanceOf(ConditionalCheckFailedException.class);
    }
}
