package dev.ferry.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

class TransactionTest extends ConformanceTest {

    private static TransactWriteItem put(String table, Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build();
    }

    private static TransactWriteItem putIfAbsent(String table, Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item).conditionExpression("attribute_not_exists(id)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build();
    }

    @Test
    void stateChangeAndOutboxRecordCommitTogether() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-apis-txwriteitems "a single all-or-nothing operation" across "one or more DynamoDB tables"
        // Recorded: scylladb/scylladb test/alternator/test_transact.py test_transact_write_items_multi_table_true
        String orders = hashTable("orders");
        String outbox = hashTable("outbox");
        dynamodb.transactWriteItems(b -> b.transactItems(
                putIfAbsent(orders, item("id", s("o1"), "state", s("PENDING"))),
                put(outbox, item("id", s("evt-1"), "type", s("OrderPlaced")))));
        assertThat(dynamodb.getItem(b -> b.tableName(orders).key(item("id", s("o1")))).hasItem()).isTrue();
        assertThat(dynamodb.getItem(b -> b.tableName(outbox).key(item("id", s("evt-1")))).hasItem()).isTrue();
    }

    @Test
    void aFailedConditionCancelsEveryWriteWithReasonsInRequestOrder() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html#API_TransactWriteItems_Errors (TransactionCanceledException: "Transaction cancellation reasons are ordered in the
        //   order of requested items, if an item has no error it will have None code")
        // Recorded: scylladb/scylladb test/alternator/test_transact.py test_transact_write_cancellation_reasons_conditionalcheckfailed,
        //   test_transact_write_items_returnvaluesonconditioncheckfailure; localstack/localstack
        //   tests/aws/services/dynamodb/test_dynamodb.snapshot.json test_transaction_write_canceled ("[ConditionalCheckFailed, None]")
        String table = hashTable("txcancel");
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("taken"), "owner", s("first"))));
        var failure = catchThrowableOfType(TransactionCanceledException.class, () -> dynamodb.transactWriteItems(b -> b.transactItems(
                put(table, item("id", s("a"))),
                putIfAbsent(table, item("id", s("taken"), "owner", s("second"))),
                TransactWriteItem.builder().update(u -> u.tableName(table).key(item("id", s("c")))
                        .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", n(1)))).build())));
        assertThat(failure).isNotNull();
        assertThat(failure.cancellationReasons()).extracting(CancellationReason::code)
                .containsExactly("None", "ConditionalCheckFailed", "None");
        assertThat(failure.cancellationReasons().get(1).item()).isEqualTo(item("id", s("taken"), "owner", s("first")));
        assertThat(dynamodb.getItem(b -> b.tableName(table).key(item("id", s("a")))).hasItem()).isFalse();
        assertThat(dynamodb.getItem(b -> b.tableName(table).key(item("id", s("c")))).hasItem()).isFalse();
    }

    @Test
    void conditionCheckGuardsWritesToOtherItems() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html#DDB-TransactWriteItems-request-TransactItems "ConditionCheck - A request to perform a check item operation"
        // Recorded: scylladb/scylladb test/alternator/test_transact.py test_transact_write_items_single_conditioncheck_false; localstack/localstack
        //   tests/aws/services/dynamodb/test_dynamodb.snapshot.json test_transaction_write_canceled
        String accounts = hashTable("accounts");
        dynamodb.putItem(b -> b.tableName(accounts).item(item("id", s("acc"), "open", AttributeValue.fromBool(false))));
        var failure = catchThrowableOfType(TransactionCanceledException.class, () -> dynamodb.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(accounts).key(item("id", s("acc")))
                        .conditionExpression("#o = :yes").expressionAttributeNames(Map.of("#o", "open"))
                        .expressionAttributeValues(Map.of(":yes", AttributeValue.fromBool(true)))).build(),
                put(accounts, item("id", s("payment-1"))))));
        assertThat(failure.cancellationReasons()).extracting(CancellationReason::code).containsExactly("ConditionalCheckFailed", "None");
        assertThat(dynamodb.getItem(b -> b.tableName(accounts).key(item("id", s("payment-1")))).hasItem()).isFalse();
    }

    @Test
    void anInvalidUpdateResultIsAValidationErrorReason() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html#API_TransactWriteItems_Errors ("ValidationError: ... An operand in the update expression has an incorrect data type")
        // Recorded: scylladb/scylladb test/alternator/test_transact.py test_transact_write_cancellation_reasons_validationerror (a failing action is ValidationError, the others None)
        String table = hashTable("txvalidation");
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"), "text", s("not a number"))));
        var failure = catchThrowableOfType(TransactionCanceledException.class, () -> dynamodb.transactWriteItems(b -> b.transactItems(
                put(table, item("id", s("other"))),
                TransactWriteItem.builder().update(u -> u.tableName(table).key(item("id", s("k")))
                        .updateExpression("SET #t = #t + :one").expressionAttributeNames(Map.of("#t", "text"))
                        .expressionAttributeValues(Map.of(":one", n(1)))).build())));
        assertThat(failure.cancellationReasons()).extracting(CancellationReason::code).containsExactly("None", "ValidationError");
    }

    @Test
    void theSameItemTwiceInOneTransactionIsRejected() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-apis-txwriteitems "You can't target the same item with multiple operations within the same transaction"
        // Recorded: scylladb/scylladb test/alternator/test_transact.py test_transact_write_items_multi_action_conflict ("ValidationException.*one item")
        String table = hashTable("txdup");
        assertValidationError(() -> dynamodb.transactWriteItems(b -> b.transactItems(
                put(table, item("id", s("k"))),
                TransactWriteItem.builder().delete(d -> d.tableName(table).key(item("id", s("k")))).build())))
                .hasMessageContaining("multiple operations on one item");
    }

    @Test
    void transactionsHoldAtMost100Items() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-apis-txwriteitems "groups up to 100 write actions"
        // Recorded: scylladb/scylladb test/alternator/test_transact.py test_transact_write_items_100, test_transact_write_items_101
        String table = hashTable("tx100");
        List<TransactWriteItem> items = new ArrayList<>();
        for (int i = 0; i < 100; i++) items.add(put(table, item("id", s("k" + i))));
        dynamodb.transactWriteItems(b -> b.transactItems(items));
        items.add(put(table, item("id", s("k100"))));
        assertValidationError(() -> dynamodb.transactWriteItems(b -> b.transactItems(items)));
    }

    @Test
    void transactionsHoldAtMostFourMegabytesOfItems() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-apis-txwriteitems "The aggregate size of the items in the transaction cannot exceed 4 MB"
        // Recorded: scylladb/scylladb test/alternator/test_transact.py test_transact_write_items_put_5MB ("size cannot exceed"), test_transact_write_items_put_3MB
        String table = hashTable("tx4mb");
        String payload = "x".repeat(390 * 1024);
        List<TransactWriteItem> items = new ArrayList<>();
        for (int i = 0; i < 11; i++) items.add(put(table, item("id", s("big" + i), "payload", s(payload))));
        assertValidationError(() -> dynamodb.transactWriteItems(b -> b.transactItems(items)));
        assertThat(dynamodb.scan(b -> b.tableName(table).select(software.amazon.awssdk.services.dynamodb.model.Select.COUNT)).count()).isZero();
        dynamodb.transactWriteItems(b -> b.transactItems(items.subList(0, 10)));
    }

    @Test
    void aRepeatedClientRequestTokenDoesNotWriteTwice() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-apis-txwriteitems-idempotency (the same token within 10 minutes returns without writing again; other
        //   parameters with the same token are IdempotentParameterMismatch)
        // Recorded: scylladb/scylladb test/alternator/test_transact.py test_transact_write_items_clientrequesttoken, test_transact_write_items_clientrequesttoken_mismatch
        String table = hashTable("txtoken");
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("acc"), "balance", n(0))));
        String token = UUID.randomUUID().toString();
        TransactWriteItem deposit = TransactWriteItem.builder().update(u -> u.tableName(table).key(item("id", s("acc")))
                .updateExpression("SET balance = balance + :amount").expressionAttributeValues(Map.of(":amount", n(50)))).build();
        dynamodb.transactWriteItems(b -> b.clientRequestToken(token).transactItems(deposit));
        dynamodb.transactWriteItems(b -> b.clientRequestToken(token).transactItems(deposit));
        assertThat(dynamodb.getItem(b -> b.tableName(table).key(item("id", s("acc"))).consistentRead(true)).item().get("balance")).isEqualTo(n(50));
        TransactWriteItem different = TransactWriteItem.builder().update(u -> u.tableName(table).key(item("id", s("acc")))
                .updateExpression("SET balance = balance + :amount").expressionAttributeValues(Map.of(":amount", n(60)))).build();
        assertFailsWith("IdempotentParameterMismatchException",
                () -> dynamodb.transactWriteItems(b -> b.clientRequestToken(token).transactItems(different)));
    }

    @Test
    void transactGetRefusesTheSameItemTwice() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-apis-txgetitems "These actions can target up to 100 distinct items"
        // Ferry's choice: no recording of TransactGetItems with one item twice is known; refused as TransactWriteItems refuses it
        String table = hashTable("txgetdup");
        assertValidationError(() -> dynamodb.transactGetItems(b -> b.transactItems(
                TransactGetItem.builder().get(g -> g.tableName(table).key(item("id", s("a")))).build(),
                TransactGetItem.builder().get(g -> g.tableName(table).key(item("id", s("a")))).build())));
    }

    @Test
    void transactionsAcrossTablesReportCapacityPerTable() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html#write-operation-consumption "Transactional write requests require 2
        //   write units"; https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html#DDB-TransactWriteItems-response-ConsumedCapacity (one entry per table)
        String first = hashTable("txcapA");
        String second = hashTable("txcapB");
        var response = dynamodb.transactWriteItems(b -> b.returnConsumedCapacity(software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity.TOTAL)
                .transactItems(put(first, item("id", s("a"))), put(second, item("id", s("b")))));
        assertThat(response.consumedCapacity()).extracting(c -> c.tableName()).containsExactlyInAnyOrder(first, second);
        assertThat(response.consumedCapacity()).allSatisfy(c -> assertThat(c.capacityUnits()).isEqualTo(2.0));
    }

    @Test
    void aTransactionOnAMissingTableIsResourceNotFound() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html#API_TransactWriteItems_Errors (ResourceNotFoundException)
        // Recorded: paritysuite/dynamodb-conformance tests/tier3/error-messages/transactWriteItems.test.ts
        //   "non-existent table: full ResourceNotFoundException message"
        String missing = uniqueName("txnone");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dynamodb.transactWriteItems(b -> b.transactItems(put(missing, item("id", s("a"))))))
                .isInstanceOf(software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException.class);
    }

    @Test
    void transactGetReadsAConsistentSnapshotInRequestOrder() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactGetItems.html#DDB-TransactGetItems-response-Responses "An ordered array of up to 100
        //   ItemResponse objects, each of which corresponds to the TransactGetItem object in the same position"
        // Recorded: scylladb/scylladb test/alternator/test_transact.py test_transact_get_items_missing, test_transact_get_items_projection_expression
        String table = hashTable("txget");
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("a"), "v", n(1), "w", n(2))));
        var response = dynamodb.transactGetItems(b -> b.transactItems(
                TransactGetItem.builder().get(g -> g.tableName(table).key(item("id", s("missing")))).build(),
                TransactGetItem.builder().get(g -> g.tableName(table).key(item("id", s("a"))).projectionExpression("v")).build()));
        assertThat(response.responses()).hasSize(2);
        assertThat(response.responses().get(0).item()).isNullOrEmpty();
        assertThat(response.responses().get(1).item()).isEqualTo(item("v", n(1)));
    }
}
