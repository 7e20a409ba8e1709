package dev.ferry.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalOperator;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Expected, the legacy condition of PutItem, UpdateItem and DeleteItem
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.Expected.html,
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExpectedAttributeValue.html): every
 * comparison operator decides a conditional write exactly as its ConditionExpression does.
 */
class LegacyExpectedTest extends ConformanceTest {
    private String table;
    private Map<String, AttributeValue> stored;

    @BeforeEach
    void storeTheFullItem() {
        table = hashTable("legacy-expected");
        stored = new LinkedHashMap<>(LegacyCases.FULL);
        stored.put("id", s("full"));
        dynamodb.putItem(b -> b.tableName(table).item(stored));
    }

    /** Rewrites the stored item unchanged, so the condition is all that can differ. */
    private boolean put(Consumer<PutItemRequest.Builder> condition) {
        try {
            dynamodb.putItem(b -> {
                b.tableName(table).item(stored);
                condition.accept(b);
            });
            return true;
        } catch (ConditionalCheckFailedException failed) {
            return false;
        }
    }

    @Test
    void everyComparisonOperatorDecidesAConditionalPutAsItsConditionExpressionDoes() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.Conditions.html and https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Condition.html (what each ComparisonOperator means)
        // Recorded: scylladb/scylladb test/alternator/test_expected.py test_update_expected_1_eq_true through
        //   test_update_expected_1_between (one test per operator)
        SoftAssertions softly = new SoftAssertions();
        for (LegacyCases c : LegacyCases.all()) {
            boolean legacy = put(b -> b.expected(Map.of(c.attribute(), c.expected())));
            boolean expression = put(b -> {
                b.conditionExpression(c.expression()).expressionAttributeNames(c.expressionNames());
                if (!c.values().isEmpty()) b.expressionAttributeValues(c.expressionValues());
            });
            softly.assertThat(legacy).as("Expected: %s", c).isEqualTo(c.holds());
            softly.assertThat(expression).as("ConditionExpression: %s", c).isEqualTo(c.holds());
        }
        softly.assertAll();
    }

    @Test
    void valueAloneMeansEqualsAndExistsFalseMeansTheAttributeIsAbsent() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExpectedAttributeValue.html#DDB-Type-ExpectedAttributeValue-Exists
        // Recorded: scylladb/scylladb test/alternator/test_expected.py test_update_expected_1_value_true,
        //   test_update_expected_1_value_false, test_update_expected_1_exists_false
        // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExpectedAttributeValue.html:
        // "If you supply a Value all by itself, DynamoDB assumes the attribute exists"
        assertThat(put(b -> b.expected(Map.of("n", ExpectedAttributeValue.builder().value(n(5)).build())))).isTrue();
        assertThat(put(b -> b.expected(Map.of("n", ExpectedAttributeValue.builder().value(n(6)).build())))).isFalse();
        assertThat(put(b -> b.expected(Map.of("n", ExpectedAttributeValue.builder().exists(true).value(n(5)).build())))).isTrue();
        assertThat(put(b -> b.expected(Map.of("missing", ExpectedAttributeValue.builder().value(n(5)).build())))).isFalse();
        assertThat(put(b -> b.expected(Map.of("missing", ExpectedAttributeValue.builder().exists(false).build())))).isTrue();
        assertThat(put(b -> b.expected(Map.of("n", ExpectedAttributeValue.builder().exists(false).build())))).isFalse();
    }

    @Test
    void aComparisonOperatorMayTakeItsOneValueAsValue() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExpectedAttributeValue.html#DDB-Type-ExpectedAttributeValue-Value
        // Recorded: architect/dynalite test/putItem.js "should return ValidationException if Value provides incorrect number of
        //   attributes: BETWEEN" (AWS counts Value as the operator's argument, although the API reference calls Value and
        //   ComparisonOperator incompatible)
        assertThat(put(b -> b.expected(Map.of("n", ExpectedAttributeValue.builder()
                .comparisonOperator(ComparisonOperator.GT).value(n(4)).build())))).isTrue();
    }

    @Test
    void putIfAbsentWithExistsFalseOnTheKey() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.Conditions.html "Other conditional operators" (Exists false protects an item from being overwritten)
        // The developer guide's own example of protecting an item from being overwritten
        // (LegacyConditionalParameters.Conditions.html, "Other conditional operators")
        Map<String, AttributeValue> fresh = item("id", s("fresh"), "v", n(1));
        Map<String, ExpectedAttributeValue> absent = Map.of("id", ExpectedAttributeValue.builder().exists(false).build());
        dynamodb.putItem(b -> b.tableName(table).item(fresh).expected(absent));
        assertFailsWith("ConditionalCheckFailedException", () -> dynamodb.putItem(b -> b.tableName(table).item(fresh).expected(absent)));
    }

    @Test
    void conditionsAreAndedUnlessConditionalOperatorSaysOr() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.ConditionalOperator.html (AND is the default)
        // Recorded: architect/dynalite test/putItem.js "should succeed for multiple conditional checks if one is invalid and OR is specified"
        Map<String, ExpectedAttributeValue> oneTrueOneFalse = new LinkedHashMap<>();
        oneTrueOneFalse.put("n", ExpectedAttributeValue.builder().value(n(5)).build());
        oneTrueOneFalse.put("s", ExpectedAttributeValue.builder().value(s("bye")).build());
        assertThat(put(b -> b.expected(oneTrueOneFalse))).isFalse();
        assertThat(put(b -> b.expected(oneTrueOneFalse).conditionalOperator(ConditionalOperator.AND))).isFalse();
        assertThat(put(b -> b.expected(oneTrueOneFalse).conditionalOperator(ConditionalOperator.OR))).isTrue();
        assertThat(put(b -> b.conditionExpression("n = :n OR s = :s")
                .expressionAttributeValues(Map.of(":n", n(5), ":s", s("bye"))))).isTrue();
    }

    @Test
    void anInListLongerThanAnExpressionAllowsStillMatches() {
        // Ferry's choice: AWS documents no limit on IN's values in the legacy form
        //   (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Condition.html); an expression takes at most 100 operands, so the front end splits the list
        // AWS documents no limit on IN's values in the legacy form; an expression takes at most 100 operands.
        List<AttributeValue> many = new ArrayList<>();
        for (int i = 100; i < 250; i++) many.add(s("v" + i));
        many.add(s("hello"));
        assertThat(put(b -> b.expected(Map.of("s", ExpectedAttributeValue.builder()
                .comparisonOperator(ComparisonOperator.IN).attributeValueList(many).build())))).isTrue();
        assertThat(put(b -> b.expected(Map.of("s", ExpectedAttributeValue.builder()
                .comparisonOperator(ComparisonOperator.IN).attributeValueList(many.subList(0, 150)).build())))).isFalse();
    }

    @Test
    void deleteItemAndUpdateItemTakeExpectedToo() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.Expected.html (PutItem, UpdateItem and DeleteItem take Expected)
        // Recorded: architect/dynalite test/deleteItem.js "should return ConditionalCheckFailedException if expecting existing value to not exist"
        Map<String, AttributeValue> key = item("id", s("full"));
        Map<String, ExpectedAttributeValue> wrong = Map.of("n", ExpectedAttributeValue.builder().value(n(6)).build());
        assertFailsWith("ConditionalCheckFailedException", () -> dynamodb.updateItem(b -> b.tableName(table).key(key).expected(wrong)
                .attributeUpdates(Map.of("n", AttributeValueUpdate.builder().action(AttributeAction.PUT).value(n(7)).build()))));
        assertFailsWith("ConditionalCheckFailedException", () -> dynamodb.deleteItem(b -> b.tableName(table).key(key).expected(wrong)));
        Map<String, ExpectedAttributeValue> right = Map.of("n", ExpectedAttributeValue.builder().value(n(5)).build());
        dynamodb.updateItem(b -> b.tableName(table).key(key).expected(right)
                .attributeUpdates(Map.of("n", AttributeValueUpdate.builder().action(AttributeAction.PUT).value(n(7)).build())));
        Map<String, ExpectedAttributeValue> updated = Map.of("n", ExpectedAttributeValue.builder().value(n(7)).build());
        dynamodb.deleteItem(b -> b.tableName(table).key(key).expected(updated));
        assertThat(dynamodb.getItem(b -> b.tableName(table).key(key).consistentRead(true)).hasItem()).isFalse();
    }

    @Test
    void aFailedExpectedCanReturnTheItemItFailedOn() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html#DDB-PutItem-request-ReturnValuesOnConditionCheckFailure (any condition, legacy included)
        // Ferry's choice: no recording pairs ReturnValuesOnConditionCheckFailure with Expected; it is taken to work as with ConditionExpression
        var thrown = catchThrowableOfType(ConditionalCheckFailedException.class,
                () -> dynamodb.putItem(b -> b.tableName(table).item(stored)
                        .expected(Map.of("n", ExpectedAttributeValue.builder().value(n(6)).build()))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        assertThat(thrown.item()).isEqualTo(new HashMap<>(stored));
    }
}
