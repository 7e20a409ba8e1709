package dev.ferry.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * AttributesToGet, the legacy projection of GetItem, BatchGetItem, Query and Scan
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.AttributesToGet.html):
 * top-level attributes only, missing ones left out, the same items as the ProjectionExpression of the
 * same names; with Select only SPECIFIC_ATTRIBUTES, which is what AttributesToGet alone means
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html, Select).
 */
class LegacyAttributesToGetTest extends ConformanceTest {
    private String table;

    @BeforeEach
    void storeItems() {
        table = hashTable("legacy-attributes");
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("1"), "name", s("ann"), "a.b", s("dotted"),
                "m", AttributeValue.fromM(Map.of("b", s("nested"))), "n", n(1))));
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("2"), "name", s("bob"))));
    }

    @Test
    void getItemReturnsTheNamedTopLevelAttributesThatExist() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.AttributesToGet.html ("If any of the requested attributes are not
        //   found, they do not appear in the result"; names are top-level attributes)
        // Recorded: scylladb/scylladb test/alternator/test_item.py test_getitem_attributes_to_get
        // "name" and "missing" are reserved words, which an expression must spell as placeholders
        var legacy = dynamodb.getItem(b -> b.tableName(table).key(item("id", s("1"))).attributesToGet("name", "a.b", "missing"));
        assertThat(legacy.item()).isEqualTo(item("name", s("ann"), "a.b", s("dotted")));
        var expression = dynamodb.getItem(b -> b.tableName(table).key(item("id", s("1")))
                .projectionExpression("#n, #ab, #m").expressionAttributeNames(Map.of("#n", "name", "#ab", "a.b", "#m", "missing")));
        assertThat(legacy.item()).isEqualTo(expression.item());
    }

    @Test
    void batchGetItemProjectsEachTableByItsOwnAttributesToGet() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_KeysAndAttributes.html#DDB-Type-KeysAndAttributes-AttributesToGet
        // Recorded: scylladb/scylladb test/alternator/test_batch.py test_batch_get_item_attributes_to_get
        String other = hashTable("legacy-attributes-other");
        dynamodb.putItem(b -> b.tableName(other).item(item("id", s("9"), "x", n(9), "y", n(10))));
        var got = dynamodb.batchGetItem(b -> b.requestItems(Map.of(
                table, KeysAndAttributes.builder().keys(item("id", s("1")), item("id", s("2"))).attributesToGet("id", "n").build(),
                other, KeysAndAttributes.builder().keys(item("id", s("9"))).attributesToGet("y").consistentRead(true).build())));
        assertThat(got.responses().get(table)).containsExactlyInAnyOrder(item("id", s("1"), "n", n(1)), item("id", s("2")));
        assertThat(got.responses().get(other)).containsExactly(item("y", n(10)));
        assertThat(got.unprocessedKeys()).isEmpty();
    }

    @Test
    void unprocessedKeysEchoAttributesToGetAsSent() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html#DDB-BatchGetItem-response-UnprocessedKeys "in the same form as
        //   RequestItems, so the value can be provided directly to a subsequent BatchGetItem operation"
        // UnprocessedKeys repeats the table's KeysAndAttributes for the retry
        // (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html#API_BatchGetItem_ResponseSyntax);
        // throttling on demand is emulator-only
        assumeThat(target.embedded()).as("only the emulator throttles on demand").isTrue();
        target.emulator.orElseThrow().faults().throttleNext(1);
        var got = dynamodb.batchGetItem(b -> b.requestItems(Map.of(table,
                KeysAndAttributes.builder().keys(item("id", s("1")), item("id", s("2"))).attributesToGet("name").build())));
        KeysAndAttributes left = got.unprocessedKeys().get(table);
        assertThat(left.attributesToGet()).containsExactly("name");
        assertThat(left.projectionExpression()).isNull();
        assertThat(left.hasExpressionAttributeNames()).isFalse();
        assertThat(left.keys()).hasSize(1);
    }

    @Test
    void queryAndScanReturnTheNamedAttributesOfEveryItem() {
        // Recorded: scylladb/scylladb test/alternator/test_query.py test_query_attributes_to_get, test/alternator/test_scan.py
        //   test_scan_attributes_to_get
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html#DDB-Query-request-Select (SPECIFIC_ATTRIBUTES is what AttributesToGet alone means)
        String sorted = hashRangeTable("legacy-attributes-query");
        dynamodb.putItem(b -> b.tableName(sorted).item(item("pk", s("p"), "sk", n(1), "v", s("one"), "w", s("x"))));
        dynamodb.putItem(b -> b.tableName(sorted).item(item("pk", s("p"), "sk", n(2), "w", s("y"))));
        var query = dynamodb.query(b -> b.tableName(sorted).attributesToGet("sk", "v")
                .keyConditions(Map.of("pk", Condition.builder().comparisonOperator(ComparisonOperator.EQ).attributeValueList(s("p")).build())));
        assertThat(query.items()).containsExactly(item("sk", n(1), "v", s("one")), item("sk", n(2)));
        var scan = dynamodb.scan(b -> b.tableName(table).attributesToGet("name").consistentRead(true));
        assertThat(scan.items()).containsExactlyInAnyOrder(item("name", s("ann")), item("name", s("bob")));
        var specific = dynamodb.scan(b -> b.tableName(table).attributesToGet("name").select(Select.SPECIFIC_ATTRIBUTES).consistentRead(true));
        assertThat(specific.items()).isEqualTo(scan.items());
    }

    @Test
    void selectOtherThanSpecificAttributesCannotComeWithAttributesToGet() {
        // Recorded: scylladb/scylladb test/alternator/test_query.py test_query_select ("ValidationException.*AttributesToGet" for
        //   ALL_ATTRIBUTES and COUNT)
        // Ferry's choice: the ALL_ATTRIBUTES wording is not on record (only the COUNT text, from DynamoDB Local's error table)
        // "Cannot specify the AttributesToGet when choosing to get only the Count" is in DynamoDB Local's
        // error table (OBTAINING_COUNT_AND_ATTRIBUTES); AWS does not document the texts for the other values
        assertValidationError(() -> dynamodb.scan(b -> b.tableName(table).attributesToGet("name").select(Select.COUNT)))
                .hasMessageContaining("Cannot specify the AttributesToGet when choosing to get only the Count");
        assertValidationError(() -> dynamodb.scan(b -> b.tableName(table).attributesToGet("name").select(Select.ALL_ATTRIBUTES)));
        assertValidationError(() -> dynamodb.query(b -> b.tableName(table).attributesToGet("name").select(Select.ALL_ATTRIBUTES)
                .keyConditions(Map.of("id", Condition.builder().comparisonOperator(ComparisonOperator.EQ).attributeValueList(s("1")).build()))));
    }

    @Test
    void aNameTwiceOrNoNameAtAllIsRefused() {
        // Recorded: architect/dynalite test/getItem.js "should return ValidationException duplicate values in AttributesToGet",
        //   test/batchGetItem.js "should return ValidationException duplicate values in AttributesToGet";
        //   scylladb/scylladb test/alternator/test_item.py test_getitem_attributes_to_get_duplicate, test_getitem_attributes_to_get_empty
        // dynalite's live-recorded texts (https://github.com/mhart/dynalite/blob/master/test/getItem.js)
        assertValidationError(() -> dynamodb.getItem(b -> b.tableName(table).key(item("id", s("1"))).attributesToGet("name", "name")))
                .hasMessageContaining("One or more parameter values were invalid: Duplicate value in attribute name: name");
        assertValidationError(() -> dynamodb.getItem(b -> b.tableName(table).key(item("id", s("1"))).attributesToGet(List.of())))
                .hasMessageContaining("Value '[]' at 'attributesToGet' failed to satisfy constraint: Member must have length greater than or equal to 1");
        assertValidationError(() -> dynamodb.batchGetItem(b -> b.requestItems(Map.of(table,
                KeysAndAttributes.builder().keys(item("id", s("1"))).attributesToGet("n", "n").build()))))
                .hasMessageContaining("Duplicate value in attribute name: n");
    }
}
