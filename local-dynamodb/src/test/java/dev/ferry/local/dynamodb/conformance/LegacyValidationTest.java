package dev.ferry.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.ConditionalOperator;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * How AWS refuses malformed legacy requests, with its texts: the mixing and ConditionalOperator rules as
 * ExtendDB's dual-target tests assert them against Amazon DynamoDB
 * (https://github.com/ExtendDB/extenddb/blob/main/tests/test_conditional_operator.py), the argument rules
 * of each ComparisonOperator (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Condition.html)
 * and the Expected forms (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExpectedAttributeValue.html)
 * with the texts dynalite's tests recorded against live DynamoDB
 * (https://github.com/mhart/dynalite/blob/master/test/query.js, test/putItem.js, test/updateItem.js).
 */
class LegacyValidationTest extends ConformanceTest {
    private static final String MIXING = "Can not use both expression and non-expression parameters in the same request: ";

    private String table;
    private String sorted;

    @BeforeEach
    void createTables() {
        table = hashTable("legacy-validation");
        sorted = hashRangeTable("legacy-validation-sorted");
    }

    private static Condition cond(ComparisonOperator op, AttributeValue... values) {
        return Condition.builder().comparisonOperator(op).attributeValueList(values).build();
    }

    private static ExpectedAttributeValue expect(ComparisonOperator op, AttributeValue... values) {
        return ExpectedAttributeValue.builder().comparisonOperator(op).attributeValueList(values).build();
    }

    private static final Map<String, Condition> PARTITION_P = Map.of("pk", cond(ComparisonOperator.EQ, AttributeValue.fromS("p")));

    @Test
    void aLegacyParameterAndItsExpressionCannotMeet() {
        // Recorded: ExtendDB/extenddb tests/test_conditional_operator.py TestCrossAspectMixing, TestConditionalOperatorMixing (dual-target against DynamoDB);
        //   architect/dynalite test/putItem.js "should return ValidationException if expression and non-expression"
        assertValidationError(() -> dynamodb.query(b -> b.tableName(sorted).keyConditions(PARTITION_P)
                .keyConditionExpression("pk = :p").expressionAttributeValues(Map.of(":p", s("p")))))
                .hasMessageContaining(MIXING + "Non-expression parameters: {KeyConditions} Expression parameters: {KeyConditionExpression}");
        assertValidationError(() -> dynamodb.query(b -> b.tableName(sorted).keyConditions(PARTITION_P)
                .queryFilter(Map.of("a", cond(ComparisonOperator.NOT_NULL))).filterExpression("attribute_exists(a)")))
                .hasMessageContaining(MIXING + "Non-expression parameters: {QueryFilter} Expression parameters: {FilterExpression}");
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("1")))
                .expected(Map.of("a", ExpectedAttributeValue.builder().exists(false).build())).conditionExpression("attribute_not_exists(a)")))
                .hasMessageContaining(MIXING + "Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}");
        assertValidationError(() -> dynamodb.updateItem(b -> b.tableName(table).key(item("id", s("1")))
                .attributeUpdates(Map.of("a", AttributeValueUpdate.builder().action(AttributeAction.PUT).value(n(1)).build()))
                .updateExpression("SET a = :a").expressionAttributeValues(Map.of(":a", n(1)))))
                .hasMessageContaining(MIXING + "Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}");
        assertValidationError(() -> dynamodb.getItem(b -> b.tableName(table).key(item("id", s("1"))).attributesToGet("a").projectionExpression("a")))
                .hasMessageContaining(MIXING + "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}");
        assertValidationError(() -> dynamodb.batchGetItem(b -> b.requestItems(Map.of(table, KeysAndAttributes.builder()
                .keys(item("id", s("1"))).attributesToGet("a").projectionExpression("a").build()))))
                .hasMessageContaining(MIXING + "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}");
    }

    @Test
    void theMixingMessageListsEveryParameterInAwsOrder() {
        // Recorded: ExtendDB/extenddb tests/test_conditional_operator.py TestConditionalOperatorMixing test_scan_full_sets_ordering, test_query_full_sets_ordering,
        //   test_update_item_full_sets_ordering
        assertValidationError(() -> dynamodb.query(b -> b.tableName(sorted).keyConditions(PARTITION_P)
                .queryFilter(Map.of("a", cond(ComparisonOperator.EQ, s("x")))).conditionalOperator(ConditionalOperator.AND)
                .keyConditionExpression("pk = :p").filterExpression("a = :v").projectionExpression("b")
                .expressionAttributeValues(Map.of(":p", s("p"), ":v", s("x")))))
                .hasMessageContaining(MIXING + "Non-expression parameters: {QueryFilter, ConditionalOperator, KeyConditions} "
                        + "Expression parameters: {ProjectionExpression, FilterExpression, KeyConditionExpression}");
        assertValidationError(() -> dynamodb.scan(b -> b.tableName(table).attributesToGet("a")
                .scanFilter(Map.of("a", cond(ComparisonOperator.EQ, s("x")))).conditionalOperator(ConditionalOperator.AND)
                .filterExpression("a = :v").projectionExpression("b").expressionAttributeValues(Map.of(":v", s("x")))))
                .hasMessageContaining(MIXING + "Non-expression parameters: {AttributesToGet, ScanFilter, ConditionalOperator} "
                        + "Expression parameters: {ProjectionExpression, FilterExpression}");
        assertValidationError(() -> dynamodb.updateItem(b -> b.tableName(table).key(item("id", s("1")))
                .attributeUpdates(Map.of("a", AttributeValueUpdate.builder().action(AttributeAction.PUT).value(s("v")).build()))
                .expected(Map.of("a", expect(ComparisonOperator.EQ, s("x")))).conditionalOperator(ConditionalOperator.AND)
                .updateExpression("SET a = :v").conditionExpression("attribute_exists(id)").expressionAttributeValues(Map.of(":v", s("x")))))
                .hasMessageContaining(MIXING + "Non-expression parameters: {AttributeUpdates, Expected, ConditionalOperator} "
                        + "Expression parameters: {UpdateExpression, ConditionExpression}");
        assertValidationError(() -> dynamodb.deleteItem(b -> b.tableName(table).key(item("id", s("1")))
                .conditionalOperator(ConditionalOperator.AND).conditionExpression("attribute_exists(id)")))
                .hasMessageContaining(MIXING + "Non-expression parameters: {ConditionalOperator} Expression parameters: {ConditionExpression}");
    }

    @Test
    void placeholderMapsNeedAnExpressionToServe() {
        // Recorded: architect/dynalite test/putItem.js "should return ValidationException if ExpressionAttributeNames but no
        //   ConditionExpression", test/updateItem.js "... ExpressionAttributeValues but no ConditionExpression", test/query.js
        //   "should return ValidationException if ExpressionAttributeValues but no expressions", test/scan.js
        //   "should return ValidationException if ExpressionAttributeValues but no FilterExpression"
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("1")))
                .expected(Map.of("a", ExpectedAttributeValue.builder().exists(false).build())).expressionAttributeNames(Map.of("#a", "a"))))
                .hasMessageContaining("ExpressionAttributeNames can only be specified when using expressions");
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("1")))
                .expected(Map.of("a", ExpectedAttributeValue.builder().exists(false).build())).expressionAttributeValues(Map.of(":a", n(1)))))
                .hasMessageContaining("ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null");
        assertValidationError(() -> dynamodb.updateItem(b -> b.tableName(table).key(item("id", s("1")))
                .attributeUpdates(Map.of("a", AttributeValueUpdate.builder().action(AttributeAction.DELETE).build()))
                .expressionAttributeValues(Map.of(":a", n(1)))))
                .hasMessageContaining("ExpressionAttributeValues can only be specified when using expressions: UpdateExpression and ConditionExpression are null");
        assertValidationError(() -> dynamodb.query(b -> b.tableName(sorted).keyConditions(PARTITION_P).projectionExpression("pk")
                .expressionAttributeValues(Map.of(":a", n(1)))))
                .hasMessageContaining("ExpressionAttributeValues can only be specified when using expressions: FilterExpression and KeyConditionExpression are null");
        assertValidationError(() -> dynamodb.scan(b -> b.tableName(table).scanFilter(Map.of("a", cond(ComparisonOperator.NOT_NULL)))
                .expressionAttributeValues(Map.of(":a", n(1)))))
                .hasMessageContaining("ExpressionAttributeValues can only be specified when using expressions: FilterExpression is null");
        assertValidationError(() -> dynamodb.getItem(b -> b.tableName(table).key(item("id", s("1"))).attributesToGet("a")
                .expressionAttributeNames(Map.of("#a", "a"))))
                .hasMessageContaining("ExpressionAttributeNames can only be specified when using expressions");
    }

    @Test
    void conditionalOperatorNeedsTwoConditionsToCombine() {
        // Recorded: ExtendDB/extenddb tests/test_conditional_operator.py TestConditionalOperatorRequiresConditions (including test_query_condop_without_any_key_condition:
        //   the ConditionalOperator rule fires before the missing key condition)
        String without = "ConditionalOperator cannot be used without Filter or Expected";
        String single = "ConditionalOperator can only be used when Filter or Expected has two or more elements";
        assertValidationError(() -> dynamodb.scan(b -> b.tableName(table).conditionalOperator(ConditionalOperator.OR))).hasMessageContaining(without);
        assertValidationError(() -> dynamodb.scan(b -> b.tableName(table).conditionalOperator(ConditionalOperator.AND).scanFilter(Map.of())))
                .hasMessageContaining(without);
        assertValidationError(() -> dynamodb.scan(b -> b.tableName(table).conditionalOperator(ConditionalOperator.AND)
                .scanFilter(Map.of("a", cond(ComparisonOperator.NOT_NULL))))).hasMessageContaining(single);
        assertValidationError(() -> dynamodb.query(b -> b.tableName(sorted).conditionalOperator(ConditionalOperator.AND).keyConditions(PARTITION_P)))
                .as("KeyConditions are not what ConditionalOperator combines").hasMessageContaining(without);
        assertValidationError(() -> dynamodb.query(b -> b.tableName(sorted).conditionalOperator(ConditionalOperator.AND)))
                .as("before the missing key condition").hasMessageContaining(without);
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("1"))).conditionalOperator(ConditionalOperator.OR)
                .expected(Map.of("a", ExpectedAttributeValue.builder().exists(false).build())))).hasMessageContaining(single);
        assertValidationError(() -> dynamodb.updateItem(b -> b.tableName(table).key(item("id", s("1"))).conditionalOperator(ConditionalOperator.OR)
                .expected(Map.of()))).hasMessageContaining(without);
    }

    @Test
    void eachOperatorTakesItsNumberOfValues() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Condition.html#DDB-Type-Condition-ComparisonOperator (how many values each operator takes)
        // Recorded: architect/dynalite test/scan.js "should return ValidationException for incorrect number of ScanFilter arguments",
        //   test/putItem.js "should return ValidationException if AttributeValueList is incorrect length: EQ"
        //   ("Invalid number of argument(s) for the EQ ComparisonOperator")
        Map<ComparisonOperator, List<List<AttributeValue>>> wrongCounts = new LinkedHashMap<>();
        List<AttributeValue> none = List.of();
        List<AttributeValue> one = List.of(s("a"));
        List<AttributeValue> two = List.of(s("a"), s("b"));
        List<AttributeValue> three = List.of(s("a"), s("b"), s("c"));
        for (var op : List.of(ComparisonOperator.EQ, ComparisonOperator.NE, ComparisonOperator.LE, ComparisonOperator.LT,
                ComparisonOperator.GE, ComparisonOperator.GT, ComparisonOperator.CONTAINS, ComparisonOperator.NOT_CONTAINS,
                ComparisonOperator.BEGINS_WITH)) {
            wrongCounts.put(op, List.of(none, two));
        }
        wrongCounts.put(ComparisonOperator.NULL, List.of(one, two));
        wrongCounts.put(ComparisonOperator.NOT_NULL, List.of(one));
        wrongCounts.put(ComparisonOperator.IN, List.of(none));
        wrongCounts.put(ComparisonOperator.BETWEEN, List.of(none, one, three));
        wrongCounts.forEach((op, lists) -> lists.forEach(values -> {
            String message = "One or more parameter values were invalid: Invalid number of argument(s) for the " + op + " ComparisonOperator";
            assertValidationError(() -> dynamodb.scan(b -> b.tableName(table).scanFilter(Map.of("a",
                    Condition.builder().comparisonOperator(op).attributeValueList(values).build()))))
                    .as("ScanFilter %s %s", op, values).hasMessageContaining(message);
            assertValidationError(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("1"))).expected(Map.of("a",
                    ExpectedAttributeValue.builder().comparisonOperator(op).attributeValueList(values).build()))))
                    .as("Expected %s %s", op, values).hasMessageContaining(message);
        }));
    }

    @Test
    void orderingAndMembershipOperatorsTakeScalarsAndBeginsWithStringsOrBinaries() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Condition.html#DDB-Type-Condition-ComparisonOperator ("of type String, Number, or Binary (not a set type)")
        // Recorded: architect/dynalite test/scan.js "should return ValidationException for invalid ComparisonOperator types",
        //   "should return ValidationException for invalid BEGINS_WITH ComparisonOperator types"
        List<AttributeValue> nonScalars = List.of(AttributeValue.fromBool(true), AttributeValue.fromNul(true),
                AttributeValue.fromSs(List.of("a")), AttributeValue.fromNs(List.of("1")), AttributeValue.fromM(Map.of()), AttributeValue.fromL(List.of()));
        List<String> failures = new ArrayList<>();
        for (var op : List.of(ComparisonOperator.LT, ComparisonOperator.LE, ComparisonOperator.GT, ComparisonOperator.GE,
                ComparisonOperator.IN, ComparisonOperator.CONTAINS, ComparisonOperator.NOT_CONTAINS, ComparisonOperator.BEGINS_WITH)) {
            for (AttributeValue v : nonScalars) {
                if ((op == ComparisonOperator.CONTAINS || op == ComparisonOperator.NOT_CONTAINS) && v.type().name().matches("BOOL|NUL")) continue;
                checkRefused(op, List.of(v), typeName(v), failures);
            }
        }
        checkRefused(ComparisonOperator.BEGINS_WITH, List.of(n(1)), "N", failures);
        checkRefused(ComparisonOperator.BETWEEN, List.of(AttributeValue.fromBool(true), AttributeValue.fromBool(true)), "BOOL", failures);
        assertThat(failures).isEmpty();
    }

    private void checkRefused(ComparisonOperator op, List<AttributeValue> values, String type, List<String> failures) {
        String message = "One or more parameter values were invalid: ComparisonOperator " + op + " is not valid for " + type + " AttributeValue type";
        try {
            dynamodb.scan(b -> b.tableName(table).scanFilter(Map.of("a", Condition.builder().comparisonOperator(op).attributeValueList(values).build())));
            failures.add(op + " " + values + " was accepted");
        } catch (DynamoDbException e) {
            if (!e.awsErrorDetails().errorMessage().equals(message)) failures.add(op + " " + values + ": " + e.awsErrorDetails().errorMessage());
        }
    }

    private static String typeName(AttributeValue v) {
        return v.type() == AttributeValue.Type.NUL ? "NULL" : v.type().name();
    }

    @Test
    void valuesOfOneConditionShareOneTypeAndBetweenGoesUp() {
        // Recorded: architect/dynalite test/query.js "should return ValidationException if AttributeValueList has different types",
        //   "should return ValidationException if BETWEEN arguments are in the incorrect order"
        assertValidationError(() -> dynamodb.scan(b -> b.tableName(table).scanFilter(Map.of("a", cond(ComparisonOperator.IN, s("b"), n(1))))))
                .hasMessageContaining("One or more parameter values were invalid: AttributeValues inside AttributeValueList must be of same type");
        assertValidationError(() -> dynamodb.scan(b -> b.tableName(table).scanFilter(Map.of("a", cond(ComparisonOperator.BETWEEN, s("b"), s("a"))))))
                .hasMessageContaining("The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("1")))
                .expected(Map.of("a", expect(ComparisonOperator.BETWEEN, n(2), n(1))))))
                .hasMessageContaining("The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
    }

    @Test
    void expectedTakesOneFormPerAttribute() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExpectedAttributeValue.html ("Value and Exists are incompatible with AttributeValueList and
        //   ComparisonOperator"; Exists true needs a Value, Exists false refuses one)
        // Recorded: architect/dynalite test/putItem.js "should return ValidationException if no value and no exists",
        //   "... for Exists false with value", "... if ComparisonOperator and Exists are used together", "... if AttributeValueList and
        //   Value are used together", "... if AttributeValueList used without ComparisonOperator", "... if ComparisonOperator used alone"
        String invalid = "One or more parameter values were invalid: ";
        record Case(ExpectedAttributeValue expected, String message) {}
        List<Case> cases = List.of(
                new Case(ExpectedAttributeValue.builder().build(), "Value must be provided when Exists is null for Attribute: a"),
                new Case(ExpectedAttributeValue.builder().exists(true).build(), "Value must be provided when Exists is true for Attribute: a"),
                new Case(ExpectedAttributeValue.builder().exists(false).value(s("x")).build(), "Value cannot be used when Exists is false for Attribute: a"),
                new Case(ExpectedAttributeValue.builder().comparisonOperator(ComparisonOperator.LT).build(),
                        "Value or AttributeValueList must be used with ComparisonOperator: LT for Attribute: a"),
                new Case(ExpectedAttributeValue.builder().exists(true).comparisonOperator(ComparisonOperator.LT).build(),
                        "Exists and ComparisonOperator cannot be used together for Attribute: a"),
                new Case(ExpectedAttributeValue.builder().comparisonOperator(ComparisonOperator.EQ).value(s("x")).attributeValueList(s("x")).build(),
                        "Value and AttributeValueList cannot be used together for Attribute: a"),
                new Case(ExpectedAttributeValue.builder().attributeValueList(s("x")).build(),
                        "AttributeValueList can only be used with a ComparisonOperator for Attribute: a"));
        for (Case c : cases) {
            assertValidationError(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("1"))).expected(Map.of("a", c.expected()))))
                    .as(c.message()).hasMessageContaining(invalid + c.message());
        }
    }

    @Test
    void aValueInALegacyConditionIsValidatedLikeAnyValue() {
        // Recorded: architect/dynalite test/scan.js "should return ValidationException for invalid values in ScanFilter"
        //   ("Input collection [a, a] contains duplicates.")
        assertValidationError(() -> dynamodb.scan(b -> b.tableName(table).scanFilter(Map.of("a",
                cond(ComparisonOperator.EQ, AttributeValue.fromSs(List.of("x", "x")))))))
                .hasMessageContaining("Input collection [x, x] contains duplicates.");
    }

    @Test
    void membersBreakingTheServiceModelAreReportedTogether() {
        // Recorded: architect/dynalite test/scan.js "should return ValidationException for incorrect attributes"
        //   ("N validation errors detected", each naming the member's path)
        // "N validation errors detected", each naming the member's path (dynalite, test/query.js and test/scan.js)
        assertValidationError(() -> dynamodb.scan(b -> b.tableName(table).scanFilter(Map.of("a", Condition.builder().build()))))
                .hasMessageContaining("1 validation error detected: Value null at 'scanFilter.a.member.comparisonOperator' "
                        + "failed to satisfy constraint: Member must not be null");
        assertValidationError(() -> dynamodb.scan(b -> b.tableName(table).scanFilter(Map.of("a", Condition.builder().comparisonOperator("eq").build()))))
                .hasMessageContaining("1 validation error detected: Value 'eq' at 'scanFilter.a.member.comparisonOperator' failed to satisfy constraint: "
                        + "Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]");
        assertValidationError(() -> dynamodb.scan(b -> b.tableName(table).conditionalOperator("AN")
                .scanFilter(Map.of("a", Condition.builder().comparisonOperator("eq").build()))))
                .hasMessageContaining("2 validation errors detected: ")
                .hasMessageContaining("Value 'AN' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [OR, AND]");
    }
}
