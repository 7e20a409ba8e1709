package dev.ferry.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

class ConditionalWriteTest extends ConformanceTest {

    @Test
    void conditionalPutFailsWhenItemExists() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html#Expressions.ConditionExpressions.PreventingOverwrites
        // Recorded: scylladb/scylladb test/alternator/test_returnvalues.py test_put_item_returnvalues_on_condition_check_failure
        //   (no Item in the error unless ReturnValuesOnConditionCheckFailure asks for it)
        String table = hashTable("cond");
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"), "v", n(1))).conditionExpression("attribute_not_exists(id)"));
        var failure = catchThrowableOfType(ConditionalCheckFailedException.class, () -> dynamodb.putItem(b -> b.tableName(table)
                .item(item("id", s("k"), "v", n(2))).conditionExpression("attribute_not_exists(id)")));
        assertThat(failure).isNotNull();
        assertThat(failure.hasItem()).isFalse();
        assertThat(dynamodb.getItem(b -> b.tableName(table).key(item("id", s("k")))).item().get("v")).isEqualTo(n(1));
    }

    @Test
    void failedConditionReturnsTheCurrentItemWhenAsked() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html#DDB-UpdateItem-request-ReturnValuesOnConditionCheckFailure
        // Recorded: scylladb/scylladb test/alternator/test_returnvalues.py test_update_item_returnvalues_on_condition_check_failure;
        //   localstack/localstack tests/aws/services/dynamodb/test_dynamodb.snapshot.json test_return_values_on_conditions_check_failure
        String table = hashTable("condold");
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"), "version", n(3))));
        var failure = catchThrowableOfType(ConditionalCheckFailedException.class, () -> dynamodb.updateItem(b -> b.tableName(table)
                .key(item("id", s("k"))).updateExpression("SET version = :next")
                .conditionExpression("version = :expected")
                .expressionAttributeValues(Map.of(":next", n(3), ":expected", n(2)))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        assertThat(failure.item()).isEqualTo(item("id", s("k"), "version", n(3)));
    }

    @Test
    void conditionalDeleteOnlyDeletesWhenTheConditionHolds() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html#Expressions.ConditionExpressions.AdvancedComparisons
        // Recorded: scylladb/scylladb test/alternator/test_condition_expression.py test_delete_item_condition
        String table = hashTable("conddel");
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"), "status", s("OPEN"))));
        catchThrowableOfType(ConditionalCheckFailedException.class, () -> dynamodb.deleteItem(b -> b.tableName(table)
                .key(item("id", s("k"))).conditionExpression("#s = :closed")
                .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":closed", s("CLOSED")))));
        assertThat(dynamodb.getItem(b -> b.tableName(table).key(item("id", s("k")))).hasItem()).isTrue();
        dynamodb.deleteItem(b -> b.tableName(table).key(item("id", s("k"))).conditionExpression("#s = :open")
                .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":open", s("OPEN"))));
        assertThat(dynamodb.getItem(b -> b.tableName(table).key(item("id", s("k")))).hasItem()).isFalse();
    }

    @Test
    void conditionOnAMissingItemSeesNoAttributes() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html#Expressions.ConditionExpressions.CheckingForAttributes
        // Recorded: scylladb/scylladb test/alternator/test_returnvalues.py test_update_item_returnvalues_on_condition_check_failure
        //   ("Modification of non existing item doesn't return values")
        String table = hashTable("condmissing");
        var failure = catchThrowableOfType(ConditionalCheckFailedException.class, () -> dynamodb.updateItem(b -> b.tableName(table)
                .key(item("id", s("k"))).updateExpression("SET v = :v").conditionExpression("attribute_exists(id)")
                .expressionAttributeValues(Map.of(":v", n(1)))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        assertThat(failure.hasItem()).isFalse();
        assertThat(dynamodb.getItem(b -> b.tableName(table).key(item("id", s("k")))).hasItem()).isFalse();
    }

    @Test
    void versionedUpdateSucceedsOnlyFromTheExpectedVersion() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithItems.html#WorkingWithItems.ConditionalUpdate
        // Recorded: scylladb/scylladb test/alternator/test_condition_expression.py test_update_condition_eq_success, test_update_condition_and
        String table = hashTable("versioned");
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("order-1"), "state", s("PENDING"), "version", n(1))));
        dynamodb.updateItem(b -> b.tableName(table).key(item("id", s("order-1")))
                .updateExpression("SET #s = :confirmed, version = version + :one")
                .conditionExpression("version = :v AND #s = :pending")
                .expressionAttributeNames(Map.of("#s", "state"))
                .expressionAttributeValues(Map.of(":confirmed", s("CONFIRMED"), ":one", n(1), ":v", n(1), ":pending", s("PENDING"))));
        assertThat(dynamodb.getItem(b -> b.tableName(table).key(item("id", s("order-1")))).item())
                .isEqualTo(item("id", s("order-1"), "state", s("CONFIRMED"), "version", n(2)));
    }
}
