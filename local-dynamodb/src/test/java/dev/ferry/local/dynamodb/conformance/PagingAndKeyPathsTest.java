package dev.ferry.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Where a page ends, where a next page may start, and which document paths a read may use on key attributes,
 * as DynamoDB answers (recorded by dynalite's suite, https://github.com/architect/dynalite/tree/main/test).
 */
class PagingAndKeyPathsTest extends ConformanceTest {

    private static String message(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertValidationError(call);
        return ((DynamoDbException) org.assertj.core.api.Assertions.catchThrowable(call)).awsErrorDetails().errorMessage();
    }

    @Test
    void theItemThatTakesAPageToOneMegabyteIsItsLastItem() {
        // Recorded: architect/dynalite test/scan.js "should return LastEvaluatedKey if just over limit for range table": the item that
        // crosses 1 MB is still in the page, and the page ends with it
        String table = hashRangeTable("crossing");
        String payload = "x".repeat(100_000);
        for (int i = 0; i < 15; i++) {
            int sk = i;
            dynamodb.putItem(b -> b.tableName(table).item(item("pk", s("big"), "sk", n(sk), "payload", s(payload))));
        }
        // ten items hold about 1,000,000 bytes, the eleventh takes the page past 1,048,576
        var page = dynamodb.query(b -> b.tableName(table).keyConditionExpression("pk = :p").expressionAttributeValues(Map.of(":p", s("big"))));
        assertThat(page.count()).isEqualTo(11);
        assertThat(page.lastEvaluatedKey()).isEqualTo(item("pk", s("big"), "sk", n(10)));
    }

    @Test
    void aReadCannotIndexIntoAKeyAttribute() {
        // Recorded: architect/dynalite test/scan.js "should return ValidationException for non-scalar key access"
        String table = hashTable("keypaths");
        String expected = "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: id";
        assertThat(message(() -> dynamodb.scan(b -> b.tableName(table).filterExpression("attribute_exists(#a.b.c)")
                .expressionAttributeNames(Map.of("#a", "id"))))).isEqualTo(expected);
        assertThat(message(() -> dynamodb.scan(b -> b.tableName(table).filterExpression("attribute_exists(#a[0])")
                .expressionAttributeNames(Map.of("#a", "id"))))).isEqualTo(expected);
        // Ferry's choice: a projection is held to the same rule, as dynalite's own code (actions/getItem.js) does; no
        //   recording of a projection into a key attribute is known
        assertThat(message(() -> dynamodb.getItem(b -> b.tableName(table).key(item("id", s("a"))).projectionExpression("id[0]"))))
                .isEqualTo(expected);
        assertThat(message(() -> dynamodb.scan(b -> b.tableName(table).projectionExpression("id.x")))).isEqualTo(expected);
    }

    @Test
    void aParallelScanRefusesAStartKeyFromAnotherSegment() {
        // Recorded: architect/dynalite test/scan.js "should return ValidationException if ExclusiveStartKey is from different segment"
        String table = hashTable("segments");
        var writes = new java.util.ArrayList<WriteRequest>();
        for (int i = 0; i < 10; i++) {
            String id = String.valueOf(i);
            writes.add(WriteRequest.builder().putRequest(p -> p.item(item("id", s(id)))).build());
        }
        dynamodb.batchWriteItem(b -> b.requestItems(Map.of(table, writes)));
        int withItems = dynamodb.scan(b -> b.tableName(table).segment(1).totalSegments(2)).count() > 0 ? 1 : 0;
        int other = 1 - withItems;
        var found = dynamodb.scan(b -> b.tableName(table).segment(withItems).totalSegments(2)).items().getFirst();
        assertThat(message(() -> dynamodb.scan(b -> b.tableName(table).segment(other).totalSegments(2)
                .exclusiveStartKey(item("id", found.get("id"))))))
                .isEqualTo("The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. "
                        + "TotalSegments: 2 Segment: " + other);
    }

    @Test
    void aQueryRefusesAStartKeyOutsideItsKeyCondition() {
        // Recorded: architect/dynalite test/query.js "should return ValidationException for ExclusiveStartKey with out-of-bounds
        //   hash key", "... with non-matching range key"
        String table = hashRangeTable("bounds");
        assertThat(message(() -> dynamodb.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("b"))).exclusiveStartKey(item("pk", s("a"), "sk", n(1))))))
                .isEqualTo("The provided starting key is outside query boundaries based on provided conditions");
        assertThat(message(() -> dynamodb.query(b -> b.tableName(table).keyConditionExpression("pk = :p and sk > :s")
                .expressionAttributeValues(Map.of(":p", s("a"), ":s", n(5))).exclusiveStartKey(item("pk", s("a"), "sk", n(1))))))
                .isEqualTo("The provided starting key does not match the range key predicate");
    }
}
