package dev.ferry.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class BatchTest extends ConformanceTest {

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(p -> p.item(item)).build();
    }

    private static WriteRequest delete(Map<String, AttributeValue> key) {
        return WriteRequest.builder().deleteRequest(d -> d.key(key)).build();
    }

    @Test
    void batchWritePutsAndDeletesAcrossTables() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
        //   "puts or deletes multiple items in one or more tables"
        // Recorded: architect/dynalite test/batchWriteItem.js "should deal with puts and deletes together"
        String first = hashTable("batchA");
        String second = hashTable("batchB");
        dynamodb.putItem(b -> b.tableName(second).item(item("id", s("old"))));
        var response = dynamodb.batchWriteItem(b -> b.requestItems(Map.of(
                first, List.of(put(item("id", s("1"))), put(item("id", s("2")))),
                second, List.of(delete(item("id", s("old"))), put(item("id", s("new")))))));
        assertThat(response.unprocessedItems()).isEmpty();
        assertThat(dynamodb.scan(b -> b.tableName(first)).count()).isEqualTo(2);
        assertThat(dynamodb.scan(b -> b.tableName(second)).items()).containsExactly(item("id", s("new")));
    }

    @Test
    void batchWriteAcceptsAtMost25Requests() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
        //   "DynamoDB rejects the entire batch write operation" when "There are more than 25 requests in the batch"
        // Recorded: architect/dynalite test/batchWriteItem.js "should return ValidationException when putting more than 25 items"
        String table = hashTable("batch25");
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = 0; i < 25; i++) writes.add(put(item("id", s("k" + i))));
        dynamodb.batchWriteItem(b -> b.requestItems(Map.of(table, writes)));
        writes.add(put(item("id", s("k25"))));
        assertValidationError(() -> dynamodb.batchWriteItem(b -> b.requestItems(Map.of(table, writes))));
        assertThat(dynamodb.scan(b -> b.tableName(table)).count()).isEqualTo(25);
    }

    @Test
    void batchWriteRejectsTheSameKeyTwiceAndWritesNothing() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
        //   rejects the entire batch: "you cannot put and delete the same item in the same BatchWriteItem request"
        // Recorded: architect/dynalite test/batchWriteItem.js "... puts and deletes of the same item with put first"
        //   ("Provided list of item keys contains duplicates")
        String table = hashTable("batchdup");
        assertValidationError(() -> dynamodb.batchWriteItem(b -> b.requestItems(Map.of(table,
                List.of(put(item("id", s("fresh"))), put(item("id", s("k"))), delete(item("id", s("k"))))))))
                .hasMessageContaining("duplicates");
        assertThat(dynamodb.scan(b -> b.tableName(table)).count()).isZero();
    }

    @Test
    void batchWriteValidatesEveryItemBeforeWritingAny() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
        //   rejects the entire batch: "Primary key attributes specified on an item in the request do not match those in the
        //   corresponding table's primary key schema"
        String table = hashTable("batchinvalid");
        assertValidationError(() -> dynamodb.batchWriteItem(b -> b.requestItems(Map.of(table,
                List.of(put(item("id", s("good"))), put(item("other", s("missing key"))))))));
        assertThat(dynamodb.scan(b -> b.tableName(table)).count()).isZero();
    }

    @Test
    void batchWriteToAMissingTableIsResourceNotFound() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
        //   rejects the entire batch: "One or more tables specified in the BatchWriteItem request does not exist"
        // Recorded: architect/dynalite test/batchWriteItem.js
        //   "should return ResourceNotFoundException when fetching exactly 25 items and table does not exist"
        assertThatThrownBy(() -> dynamodb.batchWriteItem(b -> b.requestItems(Map.of(uniqueName("none"), List.of(put(item("id", s("1"))))))))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void batchGetReturnsFoundItemsWithProjection() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html
        //   RequestItems, ProjectionExpression: "If any of the requested attributes are not found, they do not appear in the result"
        // Recorded: architect/dynalite test/batchGetItem.js "should return only requested attributes of items that do exist"
        String table = hashTable("batchget");
        for (int i = 0; i < 3; i++) {
            int k = i;
            dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k" + k), "v", n(k), "extra", s("x"))));
        }
        var response = dynamodb.batchGetItem(b -> b.requestItems(Map.of(table, KeysAndAttributes.builder()
                .keys(item("id", s("k0")), item("id", s("k2")), item("id", s("absent")))
                .projectionExpression("id, v").build())));
        assertThat(response.responses().get(table)).containsExactlyInAnyOrder(item("id", s("k0"), "v", n(0)), item("id", s("k2"), "v", n(2)));
        assertThat(response.unprocessedKeys()).isEmpty();
    }

    @Test
    void batchGetAcceptsAtMost100KeysWithoutDuplicates() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html
        //   "If you request more than 100 items, BatchGetItem returns a ValidationException"
        // Recorded: architect/dynalite test/batchGetItem.js "should return ValidationException when fetching more than 100 keys",
        //   "should return ValidationException for duplicated keys"
        String table = hashTable("batchget100");
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 100; i++) keys.add(item("id", s("k" + i)));
        dynamodb.batchGetItem(b -> b.requestItems(Map.of(table, KeysAndAttributes.builder().keys(keys).build())));
        List<Map<String, AttributeValue>> tooMany = new ArrayList<>(keys);
        tooMany.add(item("id", s("k100")));
        assertValidationError(() -> dynamodb.batchGetItem(b -> b.requestItems(Map.of(table, KeysAndAttributes.builder().keys(tooMany).build()))));
        assertValidationError(() -> dynamodb.batchGetItem(b -> b.requestItems(Map.of(table,
                KeysAndAttributes.builder().keys(item("id", s("a")), item("id", s("a"))).build()))));
    }
}
