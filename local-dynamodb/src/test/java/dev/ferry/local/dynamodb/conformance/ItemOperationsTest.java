package dev.ferry.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class ItemOperationsTest extends ConformanceTest {

    @Test
    void putThenGetReturnsTheItemWithEveryType() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes
        //   (scalar, document and set types; empty strings allowed outside keys)
        // Recorded: scylladb/scylladb test/alternator/test_item.py test_put_and_get_attribute_types, test_nonkey_empty_value;
        //   architect/dynalite test/putItem.js "should put multi attribute item", "should put empty values"
        String table = hashTable("types");
        Map<String, AttributeValue> item = item(
                "id", s("all"),
                "text", s(""),
                "number", n("12.50"),
                "binary", b((byte) 0, (byte) 255),
                "flag", AttributeValue.fromBool(true),
                "nothing", AttributeValue.fromNul(true),
                "strings", AttributeValue.fromSs(java.util.List.of("a", "b")),
                "numbers", AttributeValue.fromNs(java.util.List.of("1", "2.5")),
                "binaries", AttributeValue.fromBs(java.util.List.of(SdkBytes.fromUtf8String("x"))),
                "list", AttributeValue.fromL(java.util.List.of(s("x"), n(1))),
                "map", AttributeValue.fromM(Map.of("nested", s("y"))));
        dynamodb.putItem(b -> b.tableName(table).item(item));
        Map<String, AttributeValue> read = dynamodb.getItem(b -> b.tableName(table).key(item("id", s("all"))).consistentRead(true)).item();
        assertThat(read).containsAllEntriesOf(Map.of("text", s(""), "number", n("12.5"), "flag", AttributeValue.fromBool(true)));
        assertThat(read.get("binary").b().asByteArray()).containsExactly((byte) 0, (byte) 255);
        assertThat(read.get("strings").ss()).containsExactlyInAnyOrder("a", "b");
        assertThat(read.get("numbers").ns()).containsExactlyInAnyOrder("1", "2.5");
        assertThat(read.get("list")).isEqualTo(item.get("list"));
        assertThat(read.get("map")).isEqualTo(item.get("map"));
        assertThat(read.get("nothing").nul()).isTrue();
    }

    @Test
    void numbersAreNormalisedExactDecimals() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number
        //   "up to 38 digits of precision. Exceeding this results in an exception"; "Leading and trailing zeroes are trimmed"
        // Recorded: scylladb/scylladb test/alternator/test_number.py test_number_output_normalization ('1E+3' -> '1000', '-0' -> '0'),
        //   test_number_precision_not_allowed; architect/dynalite test/putItem.js "should put really long numbers"
        String table = hashTable("numbers");
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("n"), "big", n("12345678901234567890123456789012345678"),
                "small", n("0.000100"), "exp", n("1E+3"), "neg", n("-0"))));
        var read = dynamodb.getItem(b -> b.tableName(table).key(item("id", s("n")))).item();
        assertThat(read.get("big").n()).isEqualTo("12345678901234567890123456789012345678");
        assertThat(read.get("small").n()).isEqualTo("0.0001");
        assertThat(read.get("exp").n()).isEqualTo("1000");
        assertThat(read.get("neg").n()).isEqualTo("0");
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(table)
                .item(item("id", s("x"), "tooPrecise", n("123456789012345678901234567890123456789")))));
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("x"), "nan", n("abc")))));
    }

    @Test
    void getOfAMissingItemHasNoItem() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GetItem.html
        //   "If there is no matching item, GetItem does not return any data and there will be no Item element in the response"
        // Recorded: scylladb/scylladb test/alternator/test_item.py test_get_item_missing_item
        String table = hashTable("missing");
        var response = dynamodb.getItem(b -> b.tableName(table).key(item("id", s("nobody"))));
        assertThat(response.hasItem()).isFalse();
    }

    @Test
    void putReplacesTheWholeItemAndReturnsTheOldOneWhenAsked() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html
        //   "If an item that has the same primary key as the new item already exists ..., the new item completely replaces the existing item"
        // Recorded: scylladb/scylladb test/alternator/test_item.py test_put_item_replace;
        //   test/alternator/test_returnvalues.py test_put_item_returnvalues
        String table = hashTable("replace");
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"), "a", s("1"), "b", s("2"))));
        var response = dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"), "c", s("3"))).returnValues(ReturnValue.ALL_OLD));
        assertThat(response.attributes()).isEqualTo(item("id", s("k"), "a", s("1"), "b", s("2")));
        assertThat(dynamodb.getItem(b -> b.tableName(table).key(item("id", s("k")))).item()).isEqualTo(item("id", s("k"), "c", s("3")));
    }

    @Test
    void putAcceptsOnlyNoneOrAllOldReturnValues() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html#DDB-PutItem-request-ReturnValues
        //   "PutItem does not recognize any values other than NONE or ALL_OLD"
        // Recorded: architect/dynalite test/putItem.js "should return ValidationException for incorrect ReturnValues"
        String table = hashTable("putrv");
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"))).returnValues(ReturnValue.ALL_NEW)));
    }

    @Test
    void deleteRemovesTheItemAndReturnsItWhenAsked() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteItem.html#DDB-DeleteItem-request-ReturnValues
        // Recorded: scylladb/scylladb test/alternator/test_returnvalues.py test_delete_item_returnvalues
        //   (no Attributes when the item did not exist)
        String table = hashTable("delete");
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"), "v", n(1))));
        var response = dynamodb.deleteItem(b -> b.tableName(table).key(item("id", s("k"))).returnValues(ReturnValue.ALL_OLD));
        assertThat(response.attributes()).isEqualTo(item("id", s("k"), "v", n(1)));
        assertThat(dynamodb.getItem(b -> b.tableName(table).key(item("id", s("k")))).hasItem()).isFalse();
        var again = dynamodb.deleteItem(b -> b.tableName(table).key(item("id", s("k"))).returnValues(ReturnValue.ALL_OLD));
        assertThat(again.hasAttributes()).isFalse();
    }

    @Test
    void itemWithoutItsKeyOrWithTheWrongKeyTypeIsRejected() {
        // Recorded: architect/dynalite test/putItem.js "should return ValidationException if missing range key"
        //   ("Missing the key b in the item"), "... if missing key" ("Type mismatch for key a expected: S actual: N");
        //   test/getItem.js "should return ValidationException if key does not match schema"
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GetItem.html#DDB-GetItem-request-Key
        //   "For a composite primary key, you must provide both the partition key and the sort key"
        String table = hashRangeTable("keys");
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(table).item(item("pk", s("a")))))
                .hasMessageContaining("Missing the key sk");
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(table).item(item("pk", s("a"), "sk", s("1")))))
                .hasMessageContaining("Type mismatch");
        assertValidationError(() -> dynamodb.getItem(b -> b.tableName(table).key(item("pk", s("a")))))
                .hasMessageContaining("does not match the schema");
        assertValidationError(() -> dynamodb.getItem(b -> b.tableName(table).key(item("pk", s("a"), "sk", n(1), "extra", s("x")))))
                .hasMessageContaining("does not match the schema");
    }

    @Test
    void keysCannotBeEmptyButOtherStringsCan() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-attributes-values
        //   "Empty String and Binary attribute values are allowed, if the attribute is not used as a key attribute"
        // Recorded: scylladb/scylladb test/alternator/test_item.py test_key_empty_string_value, test_key_empty_bytes_value,
        //   test_nonkey_empty_value
        String table = hashTable("empty");
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("")))))
                .hasMessageContaining("empty string");
        assertValidationError(() -> dynamodb.getItem(b -> b.tableName(table).key(item("id", s("")))));
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"), "note", s(""))));
        assertThat(dynamodb.getItem(b -> b.tableName(table).key(item("id", s("k")))).item().get("note").s()).isEmpty();
        String binaryTable = createTable("emptyb", b -> b.attributeDefinitions(attr("id", ScalarAttributeType.B)).keySchema(hash("id")));
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(binaryTable).item(item("id", b()))));
    }

    @Test
    void keySizesAreLimited() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-partition-key-length
        //   (partition key 2048 bytes) and #limits-sort-key-length (sort key 1024 bytes)
        // Recorded: scylladb/scylladb test/alternator/test_limits.py test_limit_partition_key_len_2048, test_limit_sort_key_len_1024
        String table = hashRangeTable("keysize");
        String hash2048 = "h".repeat(2048);
        dynamodb.putItem(b -> b.tableName(table).item(item("pk", s(hash2048), "sk", n(1))));
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(table).item(item("pk", s(hash2048 + "h"), "sk", n(1)))));
        String rangeTable = createTable("rangesize", b -> b
                .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.S))
                .keySchema(hash("pk"), range("sk")));
        dynamodb.putItem(b -> b.tableName(rangeTable).item(item("pk", s("a"), "sk", s("r".repeat(1024)))));
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(rangeTable).item(item("pk", s("a"), "sk", s("r".repeat(1025))))));
    }

    @Test
    void itemsAreLimitedTo400Kilobytes() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-items-size
        //   400 KB "includes both attribute name binary length (UTF-8 length) and attribute value lengths"
        // Recorded: architect/dynalite test/putItem.js "should return ValidationException if item is too big with small attribute"
        //   ("Item size has exceeded the maximum allowed size")
        String table = hashTable("itemsize");
        String name = "payload";
        int fits = 400 * 1024 - "id".length() - 1 - name.length();
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"), name, s("x".repeat(fits)))));
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"), name, s("x".repeat(fits + 1))))))
                .hasMessageContaining("Item size has exceeded the maximum allowed size");
    }

    @Test
    void setsMustBeNonEmptyAndWithoutDuplicates() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.SetTypes
        //   "Each value within a set must be unique"; "DynamoDB does not support empty sets"
        // Recorded: architect/dynalite test/putItem.js "should return ValidationException for invalid values in Item" ("An string set  may
        //   not be empty", "Input collection [a, a] contains duplicates."); scylladb/scylladb test/alternator/test_number.py
        //   test_number_set_normalization ("1" and "1.0" are one element)
        String table = hashTable("sets");
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"), "ss", AttributeValue.fromSs(java.util.List.of())))));
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"), "ss", AttributeValue.fromSs(java.util.List.of("a", "a"))))));
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"), "ns", AttributeValue.fromNs(java.util.List.of("1", "1.0"))))));
    }

    @Test
    void getWithProjectionReturnsOnlyTheNamedPaths() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ProjectionExpressions.html
        // Recorded: scylladb/scylladb test/alternator/test_projection_expression.py test_projection_expression_path
        String table = hashTable("projection");
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"), "a", s("1"), "b", s("2"),
                "m", AttributeValue.fromM(Map.of("x", s("x"), "y", s("y"))))));
        var read = dynamodb.getItem(b -> b.tableName(table).key(item("id", s("k")))
                .projectionExpression("a, #m.x").expressionAttributeNames(Map.of("#m", "m"))).item();
        assertThat(read).isEqualTo(item("a", s("1"), "m", AttributeValue.fromM(Map.of("x", s("x")))));
    }

    @Test
    void unusedOrMisplacedExpressionPlaceholdersAreRejected() {
        // Recorded: architect/dynalite test/updateItem.js "should return ValidationException for extra ExpressionAttributeValues"
        //   ("Value provided in ExpressionAttributeValues unused in expressions"), test/putItem.js
        //   "should return ValidationException if ExpressionAttributeNames but no ConditionExpression";
        //   scylladb/scylladb test/alternator/test_item.py test_unused_entries_no_expression
        String table = hashTable("placeholders");
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k")))
                .conditionExpression("attribute_not_exists(id)").expressionAttributeValues(Map.of(":unused", s("x")))));
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k")))
                .expressionAttributeNames(Map.of("#n", "id"))));
    }

    @Test
    void consumedCapacityIsReportedWhenAsked() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html#write-operation-consumption
        //   a write unit per 1 KB; #read-operation-consumption: an eventually consistent read of up to 4 KB is half a unit
        // Recorded: scylladb/scylladb test/alternator/test_returnconsumedcapacity.py test_simple_get_item (0.5), test_long_put (2)
        String table = hashTable("capacity");
        var put = dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"), "v", s("x".repeat(1500))))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        assertThat(put.consumedCapacity().tableName()).isEqualTo(table);
        assertThat(put.consumedCapacity().capacityUnits()).isEqualTo(2.0);
        var get = dynamodb.getItem(b -> b.tableName(table).key(item("id", s("k"))).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        assertThat(get.consumedCapacity().capacityUnits()).isEqualTo(0.5);
        var none = dynamodb.getItem(b -> b.tableName(table).key(item("id", s("k"))));
        assertThat(none.consumedCapacity()).isNull();
    }
}
