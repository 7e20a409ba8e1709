package dev.ferry.local.dynamodb.faults;

import static dev.ferry.local.dynamodb.faults.FaultyDynamoDb.ACCOUNTS;
import static dev.ferry.local.dynamodb.faults.FaultyDynamoDb.LEDGER;
import static dev.ferry.local.dynamodb.faults.FaultyDynamoDb.key;
import static dev.ferry.local.dynamodb.faults.FaultyDynamoDb.n;
import static dev.ferry.local.dynamodb.faults.FaultyDynamoDb.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Throttling on demand, seen through the AWS SDK: with its default retries (the DynamoDB client retries
 * ProvisionedThroughputExceededException and ThrottlingException, up to 9 attempts in SDK 2.57's default mode),
 * and without retries, where the caller meets the error.
 */
class ThrottlingTest {
    private static final String ON_DEMAND_MESSAGE = "Throughput exceeds the current capacity of your table or index. DynamoDB is "
            + "automatically scaling your table or index so please try again shortly. If exceptions persist, check if you "
            + "have a hot key: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html";
    private static final String PROVISIONED_MESSAGE = "The level of configured provisioned throughput for the table was exceeded. "
            + "Consider increasing your provisioning level with the UpdateTable API.";

    private static FaultyDynamoDb dynamo;

    @BeforeAll
    static void start() {
        dynamo = new FaultyDynamoDb();
    }

    @AfterAll
    static void stop() {
        dynamo.close();
    }

    @BeforeEach
    void noFaults() {
        dynamo.faults().clear();
        dynamo.open("acc-1", 100);
    }

    private long throttles() {
        return dynamo.faults().counters().throttles();
    }

    private static PutRequest put(String id) {
        return PutRequest.builder().item(Map.of("id", s(id), "balance", n(1))).build();
    }

    @Test
    void aThrottledWriteIsRetriedByTheSdkUntilItGoesThrough() {
        long before = throttles();
        dynamo.faults().throttleNext(2);

        dynamo.sdkDefaults.putItem(b -> b.tableName(ACCOUNTS).item(Map.of("id", s("acc-retried"), "balance", n(7))));

        assertThat(throttles() - before).as("two attempts throttled, the third went through").isEqualTo(2);
        assertThat(dynamo.balance("acc-retried")).isEqualTo(7);
    }

    @Test
    void withoutRetriesTheCallerMeetsProvisionedThroughputExceededExceptionAndNothingIsWritten() {
        dynamo.faults().throttleNext(1);

        ProvisionedThroughputExceededException e = catchThrowableOfType(ProvisionedThroughputExceededException.class,
                () -> dynamo.noRetries.putItem(b -> b.tableName(ACCOUNTS).item(Map.of("id", s("acc-lost")))));

        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.isThrottlingException()).isTrue();
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(ON_DEMAND_MESSAGE);
        assertThat(e.throttlingReasons()).containsExactly(ThrottlingReason.builder()
                .reason("TableWriteKeyRangeThroughputExceeded").resource("arn:aws:dynamodb:us-east-1:000000000000:table/" + ACCOUNTS).build());
        assertThat(dynamo.noRetries.getItem(b -> b.tableName(ACCOUNTS).key(key("acc-lost"))).hasItem()).isFalse();
    }

    @Test
    void aProvisionedTableSaysItsProvisionedThroughputWasExceeded() {
        dynamo.faults().throttleNext(1);

        ProvisionedThroughputExceededException e = catchThrowableOfType(ProvisionedThroughputExceededException.class,
                () -> dynamo.noRetries.getItem(b -> b.tableName(LEDGER).key(key("nothing"))));

        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(PROVISIONED_MESSAGE);
        assertThat(e.throttlingReasons()).extracting(ThrottlingReason::reason).containsExactly("TableReadProvisionedThroughputExceeded");
    }

    @Test
    void whenThrottlingPersistsTheErrorReachesTheCaller() {
        dynamo.faults().set(DynamoDbFaultPlan.none().withThrottle(1).onlyOperations("Query"));

        assertThatThrownBy(() -> dynamo.noRetries.query(b -> b.tableName(ACCOUNTS).keyConditionExpression("id = :id")
                .expressionAttributeValues(Map.of(":id", s("acc-1"))))).isInstanceOf(ProvisionedThroughputExceededException.class);
        assertThat(dynamo.noRetries.getItem(b -> b.tableName(ACCOUNTS).key(key("acc-1"))).hasItem())
                .as("other operations are left alone").isTrue();
    }

    @Test
    void tableOperationsAreThrottledWithThrottlingExceptionOnlyWhenNamed() {
        dynamo.faults().set(DynamoDbFaultPlan.none().withThrottle(1));
        dynamo.createTable("calm", BillingMode.PAY_PER_REQUEST);
        dynamo.noRetries.deleteTable(b -> b.tableName("calm"));

        dynamo.faults().set(DynamoDbFaultPlan.none().withThrottle(1).onlyOperations("CreateTable"));
        assertThatThrownBy(() -> dynamo.createTable("rushed", BillingMode.PAY_PER_REQUEST))
                .isInstanceOfSatisfying(ThrottlingException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.isThrottlingException()).isTrue();
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate of requests exceeds the allowed throughput.");
                });
        assertThat(dynamo.noRetries.listTables().tableNames()).doesNotContain("rushed");
    }

    @Test
    void aThrottledTransactionItemCancelsTheTransactionWithTheReasonOfItsTablesBillingMode() {
        TransactWriteItem debit = TransactWriteItem.builder().update(u -> u.tableName(ACCOUNTS).key(key("acc-1"))
                .updateExpression("SET balance = balance - :one").expressionAttributeValues(Map.of(":one", n(1)))).build();
        TransactWriteItem entry = TransactWriteItem.builder().put(p -> p.tableName(LEDGER).item(Map.of("id", s("entry")))).build();
        DynamoDbClient sdk = dynamo.sdkDefaults;

        long before = throttles();
        dynamo.faults().throttleNext(1);
        TransactionCanceledException onDemand = catchThrowableOfType(TransactionCanceledException.class,
                () -> sdk.transactWriteItems(b -> b.transactItems(debit, entry)));
        assertThat(onDemand.cancellationReasons()).extracting(CancellationReason::code).containsExactly("ThrottlingError", "None");
        assertThat(onDemand.cancellationReasons().getFirst().message()).isEqualTo(ON_DEMAND_MESSAGE);
        assertThat(throttles() - before).as("the SDK does not retry a cancelled transaction").isEqualTo(1);

        dynamo.faults().throttleNext(1);
        TransactionCanceledException provisioned = catchThrowableOfType(TransactionCanceledException.class,
                () -> sdk.transactWriteItems(b -> b.transactItems(entry, debit)));
        assertThat(provisioned.cancellationReasons()).extracting(CancellationReason::code).containsExactly("ProvisionedThroughputExceeded", "None");
        assertThat(provisioned.cancellationReasons().getFirst().message()).isEqualTo(PROVISIONED_MESSAGE);
        assertThat(dynamo.balance("acc-1")).isEqualTo(100);
    }

    @Test
    void aThrottledTransactGetItemsIsCancelled() {
        dynamo.faults().throttleNext(1);

        TransactionCanceledException e = catchThrowableOfType(TransactionCanceledException.class,
                () -> dynamo.sdkDefaults.transactGetItems(b -> b.transactItems(
                        t -> t.get(g -> g.tableName(ACCOUNTS).key(key("acc-1"))))));

        assertThat(e.cancellationReasons()).extracting(CancellationReason::code).containsExactly("ThrottlingError");
    }

    @Test
    void aBatchReturnsThrottledItemsUnprocessedAndFailsWhenEveryItemIsThrottled() {
        dynamo.faults().throttleNext(1);
        var partly = dynamo.noRetries.batchWriteItem(b -> b.requestItems(Map.of(ACCOUNTS, List.of(
                WriteRequest.builder().putRequest(put("b-1")).build(), WriteRequest.builder().putRequest(put("b-2")).build()))));
        assertThat(partly.unprocessedItems().get(ACCOUNTS)).extracting(w -> w.putRequest().item().get("id").s()).containsExactly("b-1");
        assertThat(dynamo.balance("b-2")).isEqualTo(1);

        dynamo.faults().throttleNext(2);
        assertThatThrownBy(() -> dynamo.noRetries.batchWriteItem(b -> b.requestItems(Map.of(ACCOUNTS, List.of(
                WriteRequest.builder().putRequest(put("b-3")).build(), WriteRequest.builder().putRequest(put("b-4")).build())))))
                .isInstanceOf(ProvisionedThroughputExceededException.class);

        dynamo.faults().throttleNext(1);
        var reads = dynamo.noRetries.batchGetItem(b -> b.requestItems(Map.of(ACCOUNTS,
                KeysAndAttributes.builder().keys(key("acc-1"), key("b-2")).build())));
        assertThat(reads.responses().get(ACCOUNTS)).extracting(i -> i.get("id").s()).containsExactly("b-2");
        assertThat(reads.unprocessedKeys().get(ACCOUNTS).keys()).containsExactly(key("acc-1"));
    }

    @Test
    void aSeededProbabilityThrottlesTheSameShareOfRequestsEveryRunAndOnlyInItsScope() {
        DynamoDbFaultPlan plan = DynamoDbFaultPlan.none().withThrottle(0.3).onlyTables(ACCOUNTS).withSeed(11);
        dynamo.faults().set(plan);
        List<Boolean> first = getItemOutcomes(40);
        dynamo.faults().set(plan);
        List<Boolean> again = getItemOutcomes(40);

        assertThat(again).isEqualTo(first);
        assertThat(first).contains(true, false);
        dynamo.noRetries.getItem(b -> b.tableName(LEDGER).key(key("out-of-scope")));
    }

    private static List<Boolean> getItemOutcomes(int requests) {
        List<Boolean> throttled = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            try {
                dynamo.noRetries.getItem(b -> b.tableName(ACCOUNTS).key(key("acc-1")));
                throttled.add(false);
            } catch (ProvisionedThroughputExceededException e) {
                throttled.add(true);
            }
        }
        return throttled;
    }
}
