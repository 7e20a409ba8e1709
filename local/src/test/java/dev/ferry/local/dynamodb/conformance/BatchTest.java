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
        String table = hashTable("batchdup");
        assertValidationError(() -> dynamodb.batchWriteItem(b -> b.requestItems(Map.of(table,
                List.of(put(item("id", s("fresh"))), put(item("id", s("k"))), delete(item("id", s("k"))))))))
                .hasMessageContaining("duplicates");
        assertThat(dynamodb.scan(b -> b.tableName(table)).count()).isZero();
    }

    @Test
    void batchWriteValidatesEveryItemBeforeWritingAny() {
        String table = hashTable("batchinvalid");
        assertValidationError(() -> dynamodb.batchWriteItem(b -> b.requestItems(Map.of(table,
                List.of(put(item("id", s("good"))), put(item("other", s("missing key"))))))));
        assertThat(dynamodb.scan(b -> b.tableName(table)).count()).isZero();
    }

    @Test
    void batchWriteToAMissingTableIsResourceNotFound() {
        assertThatThrownBy(() -> dynamodb.batchWriteItem(b -> b.requestItems(Map.of(uniqueName("none"), List.of(put(item("id", s("1"))))))))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void batchGetReturnsFoundItemsWithProjection() {
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
