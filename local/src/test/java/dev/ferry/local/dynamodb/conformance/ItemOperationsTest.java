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
        String table = hashTable("missing");
        var response = dynamodb.getItem(b -> b.tableName(table).key(item("id", s("nobody"))));
        assertThat(response.hasItem()).isFalse();
    }

    @Test
    void putReplacesTheWholeItemAndReturnsTheOldOneWhenAsked() {
        String table = hashTable("replace");
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"), "a", s("1"), "b", s("2"))));
        var response = dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"), "c", s("3"))).returnValues(ReturnValue.ALL_OLD));
        assertThat(response.attributes()).isEqualTo(item("id", s("k"), "a", s("1"), "b", s("2")));
        assertThat(dynamodb.getItem(b -> b.tableName(table).key(item("id", s("k")))).item()).isEqualTo(item("id", s("k"), "c", s("3")));
    }

    @Test
    void putAcceptsOnlyNoneOrAllOldReturnValues() {
        String table = hashTable("putrv");
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"))).returnValues(ReturnValue.ALL_NEW)));
    }

    @Test
    void deleteRemovesTheItemAndReturnsItWhenAsked() {
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
        String table = hashTable("itemsize");
        String name = "payload";
        int fits = 400 * 1024 - "id".length() - 1 - name.length();
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"), name, s("x".repeat(fits)))));
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"), name, s("x".repeat(fits + 1))))))
                .hasMessageContaining("Item size has exceeded the maximum allowed size");
    }

    @Test
    void setsMustBeNonEmptyAndWithoutDuplicates() {
        String table = hashTable("sets");
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"), "ss", AttributeValue.fromSs(java.util.List.of())))));
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"), "ss", AttributeValue.fromSs(java.util.List.of("a", "a"))))));
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"), "ns", AttributeValue.fromNs(java.util.List.of("1", "1.0"))))));
    }

    @Test
    void getWithProjectionReturnsOnlyTheNamedPaths() {
        String table = hashTable("projection");
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"), "a", s("1"), "b", s("2"),
                "m", AttributeValue.fromM(Map.of("x", s("x"), "y", s("y"))))));
        var read = dynamodb.getItem(b -> b.tableName(table).key(item("id", s("k")))
                .projectionExpression("a, #m.x").expressionAttributeNames(Map.of("#m", "m"))).item();
        assertThat(read).isEqualTo(item("a", s("1"), "m", AttributeValue.fromM(Map.of("x", s("x")))));
    }

    @Test
    void unusedOrMisplacedExpressionPlaceholdersAreRejected() {
        String table = hashTable("placeholders");
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k")))
                .conditionExpression("attribute_not_exists(id)").expressionAttributeValues(Map.of(":unused", s("x")))));
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k")))
                .expressionAttributeNames(Map.of("#n", "id"))));
    }

    @Test
    void consumedCapacityIsReportedWhenAsked() {
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
