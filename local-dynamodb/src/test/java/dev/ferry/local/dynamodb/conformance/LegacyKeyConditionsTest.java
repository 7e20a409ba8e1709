package dev.ferry.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * KeyConditions, the legacy key condition of Query
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.KeyConditions.html):
 * EQ on the partition key, optionally one of EQ, LE, LT, GE, GT, BEGINS_WITH, BETWEEN on the sort key,
 * each reading the items its KeyConditionExpression reads. The error texts are AWS's as dynalite's
 * live-run tests recorded them (https://github.com/mhart/dynalite/blob/master/test/query.js).
 */
class LegacyKeyConditionsTest extends ConformanceTest {

    private static Condition cond(ComparisonOperator op, AttributeValue... values) {
        return Condition.builder().comparisonOperator(op).attributeValueList(values).build();
    }

    private static Map<String, Condition> keys(Object... namesAndConditions) {
        Map<String, Condition> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndConditions.length; i += 2) m.put((String) namesAndConditions[i], (Condition) namesAndConditions[i + 1]);
        return m;
    }

    private static List<String> sortKeys(List<Map<String, AttributeValue>> items) {
        return items.stream().map(i -> i.get("sk").s()).toList();
    }

    private String table() {
        String table = createTable("legacy-keys", b -> b
                .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.S))
                .keySchema(hash("pk"), range("sk")));
        for (String sk : List.of("a#1", "a#2", "b#1", "b#2", "c#1")) {
            dynamodb.putItem(b -> b.tableName(table).item(item("pk", s("p"), "sk", s(sk), "colour", s(sk.substring(0, 1)))));
        }
        dynamodb.putItem(b -> b.tableName(table).item(item("pk", s("q"), "sk", s("a#1"))));
        return table;
    }

    private record Pair(Condition sortKey, String expression, List<String> sortKeys) {}

    @Test
    void everySortKeyOperatorReadsWhatItsKeyConditionExpressionReads() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.KeyConditions.html (EQ, LE, LT, GE, GT, BEGINS_WITH, BETWEEN on the sort key)
        // Recorded: scylladb/scylladb test/alternator/test_key_conditions.py test_key_conditions_str_eq through
        //   test_key_conditions_str_begins_with
        String table = table();
        List<Pair> pairs = List.of(
                new Pair(cond(ComparisonOperator.EQ, s("b#1")), "sk = :v0", List.of("b#1")),
                new Pair(cond(ComparisonOperator.LE, s("a#2")), "sk <= :v0", List.of("a#1", "a#2")),
                new Pair(cond(ComparisonOperator.LT, s("a#2")), "sk < :v0", List.of("a#1")),
                new Pair(cond(ComparisonOperator.GE, s("b#2")), "sk >= :v0", List.of("b#2", "c#1")),
                new Pair(cond(ComparisonOperator.GT, s("b#2")), "sk > :v0", List.of("c#1")),
                new Pair(cond(ComparisonOperator.BEGINS_WITH, s("b#")), "begins_with(sk, :v0)", List.of("b#1", "b#2")),
                new Pair(cond(ComparisonOperator.BETWEEN, s("a#2"), s("b#2")), "sk BETWEEN :v0 AND :v1", List.of("a#2", "b#1", "b#2")));
        SoftAssertions softly = new SoftAssertions();
        for (Pair p : pairs) {
            var legacy = dynamodb.query(b -> b.tableName(table).keyConditions(keys("pk", cond(ComparisonOperator.EQ, s("p")), "sk", p.sortKey())));
            Map<String, AttributeValue> values = new LinkedHashMap<>();
            values.put(":p", s("p"));
            for (int i = 0; i < p.sortKey().attributeValueList().size(); i++) values.put(":v" + i, p.sortKey().attributeValueList().get(i));
            var expression = dynamodb.query(b -> b.tableName(table).keyConditionExpression("pk = :p AND " + p.expression())
                    .expressionAttributeValues(values));
            softly.assertThat(sortKeys(legacy.items())).as("KeyConditions %s", p.sortKey()).isEqualTo(sortKeys(expression.items()))
                    .isEqualTo(p.sortKeys());
        }
        softly.assertAll();
    }

    @Test
    void thePartitionKeyAloneReadsTheWholePartitionInOrder() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.KeyConditions.html; https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html#DDB-Query-request-ScanIndexForward (sort key order)
        // Recorded: scylladb/scylladb test/alternator/test_key_conditions.py test_key_conditions_partition
        String table = table();
        var all = dynamodb.query(b -> b.tableName(table).keyConditions(keys("pk", cond(ComparisonOperator.EQ, s("p")))).scanIndexForward(false));
        assertThat(sortKeys(all.items())).containsExactly("c#1", "b#2", "b#1", "a#2", "a#1");
    }

    @Test
    void keyConditionsWorkOnAnIndexToo() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html#DDB-Query-request-IndexName (KeyConditions name the index's keys)
        // Recorded: scylladb/scylladb test/alternator/test_gsi.py test_gsi_simple (KeyConditions on a GSI)
        String table = createTable("legacy-keys-gsi", b -> b
                .attributeDefinitions(attr("id", ScalarAttributeType.S), attr("owner", ScalarAttributeType.S))
                .keySchema(hash("id"))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by-owner").keySchema(hash("owner"))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build()));
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("1"), "owner", s("ann"))));
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("2"), "owner", s("bob"))));
        var found = dynamodb.query(b -> b.tableName(table).indexName("by-owner")
                .keyConditions(Map.of("owner", cond(ComparisonOperator.EQ, s("bob")))));
        assertThat(found.items()).extracting(i -> i.get("id").s()).containsExactly("2");
    }

    @Test
    void keyConditionsMayComeWithAFilterExpressionOrProjectionExpression() {
        // Recorded: ExtendDB/extenddb tests/test_conditional_operator.py TestAcceptedCombinations (dual-target against DynamoDB)
        // The one exception to the mixing rule, which ExtendDB's dual-target tests assert against AWS
        // (https://github.com/ExtendDB/extenddb/blob/main/tests/test_conditional_operator.py, TestAcceptedCombinations)
        String table = table();
        var found = dynamodb.query(b -> b.tableName(table).keyConditions(keys("pk", cond(ComparisonOperator.EQ, s("p"))))
                .filterExpression("#c = :c").expressionAttributeNames(Map.of("#c", "colour"))
                .expressionAttributeValues(Map.of(":c", s("c"))));
        assertThat(sortKeys(found.items())).containsExactly("c#1");
        var projected = dynamodb.query(b -> b.tableName(table).keyConditions(keys("pk", cond(ComparisonOperator.EQ, s("q"))))
                .projectionExpression("sk"));
        assertThat(projected.items()).containsExactly(item("sk", s("a#1")));
    }

    @Test
    void thePartitionKeyNeedsEqualsAndTheRestMustBeKeys() {
        // Recorded: architect/dynalite test/query.js "should return ValidationException if querying with unsupported conditions"
        //   ("Query key condition not supported"), "should return ValidationException for missing range element"
        //   ("Query condition missed key schema element"); scylladb/scylladb test/alternator/test_key_conditions.py
        //   test_key_conditions_partition_only_eq, test_key_conditions_non_key
        String table = table();
        assertValidationError(() -> dynamodb.query(b -> b.tableName(table).keyConditions(keys("pk", cond(ComparisonOperator.BEGINS_WITH, s("p"))))))
                .hasMessageContaining("Query key condition not supported");
        assertValidationError(() -> dynamodb.query(b -> b.tableName(table).keyConditions(keys("sk", cond(ComparisonOperator.EQ, s("a#1"))))))
                .hasMessageContaining("Query condition missed key schema element: pk");
        assertValidationError(() -> dynamodb.query(b -> b.tableName(table).keyConditions(keys(
                "pk", cond(ComparisonOperator.EQ, s("p")), "other", cond(ComparisonOperator.EQ, s("x"))))))
                .hasMessageContaining("Query condition missed key schema element: sk");
    }

    @Test
    void filterOnlyOperatorsAreNotIndexable() {
        // Recorded: architect/dynalite test/query.js "should return ValidationException if querying with non-indexable operations"
        //   ("Attempted conditional constraint is not an indexable operation"); scylladb/scylladb
        //   test/alternator/test_key_conditions.py test_key_conditions_sort_unsupported
        String table = table();
        for (var op : List.of(ComparisonOperator.NE, ComparisonOperator.IN, ComparisonOperator.CONTAINS, ComparisonOperator.NOT_CONTAINS)) {
            assertValidationError(() -> dynamodb.query(b -> b.tableName(table).keyConditions(keys(
                    "pk", cond(ComparisonOperator.EQ, s("p")), "sk", cond(op, s("a#1"))))))
                    .as(op.toString()).hasMessageContaining("Attempted conditional constraint is not an indexable operation");
        }
        assertValidationError(() -> dynamodb.query(b -> b.tableName(table).keyConditions(keys(
                "pk", cond(ComparisonOperator.EQ, s("p")), "sk", cond(ComparisonOperator.NOT_NULL)))))
                .hasMessageContaining("Attempted conditional constraint is not an indexable operation");
    }

    @Test
    void oneOrTwoConditionsOnly() {
        // Recorded: architect/dynalite test/query.js "should return ValidationException for incorrect number of KeyConditions"
        //   ("Conditions can be of length 1 or 2 only")
        String table = table();
        assertValidationError(() -> dynamodb.query(b -> b.tableName(table).keyConditions(Map.of())))
                .hasMessageContaining("Conditions can be of length 1 or 2 only");
        assertValidationError(() -> dynamodb.query(b -> b.tableName(table).keyConditions(keys(
                "pk", cond(ComparisonOperator.EQ, s("p")), "sk", cond(ComparisonOperator.EQ, s("a#1")), "x", cond(ComparisonOperator.EQ, s("x"))))))
                .hasMessageContaining("Conditions can be of length 1 or 2 only");
    }

    @Test
    void valuesMustHaveTheKeyAttributesTypes() {
        // Recorded: scylladb/scylladb test/alternator/test_key_conditions.py test_key_conditions_wrong_type; architect/dynalite
        //   test/query.js "should return ValidationException for unsupported comparison on range"
        //   ("Condition parameter type does not match schema type")
        // ScyllaDB's DynamoDB-verified test_key_conditions_wrong_type
        // (https://github.com/scylladb/scylladb/blob/master/test/alternator/test_key_conditions.py)
        String table = table();
        assertValidationError(() -> dynamodb.query(b -> b.tableName(table).keyConditions(keys("pk", cond(ComparisonOperator.EQ, n(1))))))
                .hasMessageContaining("One or more parameter values were invalid: Condition parameter type does not match schema type");
        assertValidationError(() -> dynamodb.query(b -> b.tableName(table).keyConditions(keys(
                "pk", cond(ComparisonOperator.EQ, s("p")), "sk", cond(ComparisonOperator.GT, n(1))))))
                .hasMessageContaining("One or more parameter values were invalid: Condition parameter type does not match schema type");
    }

    @Test
    void beginsWithTakesStringsOrBinariesOnly() {
        // Recorded: architect/dynalite test/query.js "should return ValidationException for invalid BEGINS_WITH ComparisonOperator types"
        //   ("ComparisonOperator BEGINS_WITH is not valid for ... AttributeValue type"); scylladb/scylladb
        //   test/alternator/test_key_conditions.py test_key_conditions_num_begins
        String table = hashRangeTable("legacy-keys-n");
        assertValidationError(() -> dynamodb.query(b -> b.tableName(table).keyConditions(keys(
                "pk", cond(ComparisonOperator.EQ, s("p")), "sk", cond(ComparisonOperator.BEGINS_WITH, n(1))))))
                .hasMessageContaining("One or more parameter values were invalid: ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type");
    }

    @Test
    void withoutAnyKeyConditionAQueryIsRefused() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html "You must provide the name of the partition key attribute and a single value for that attribute"
        // Ferry's choice: the wording ("Either the KeyConditions or KeyConditionExpression parameter must be specified in the
        //   request.") is dynalite's (validations/query.js), not a recorded answer
        String table = table();
        assertValidationError(() -> dynamodb.query(b -> b.tableName(table).queryFilter(Map.of("x", cond(ComparisonOperator.NOT_NULL)))))
                .hasMessageContaining("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
    }
}
