package dev.ferry.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

class QueryScanTest extends ConformanceTest {

    private String tableWithItems(int perPartition, String... partitions) {
        String table = hashRangeTable("query");
        for (String p : partitions) {
            for (int i = 1; i <= perPartition; i++) {
                int sk = i;
                dynamodb.putItem(b -> b.tableName(table).item(item("pk", s(p), "sk", n(sk), "odd", AttributeValue.fromBool(sk % 2 == 1))));
            }
        }
        return table;
    }

    private static List<Integer> sortKeys(List<Map<String, AttributeValue>> items) {
        return items.stream().map(i -> Integer.parseInt(i.get("sk").n())).toList();
    }

    @Test
    void queryReturnsOnePartitionInSortKeyOrderBothWays() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html#DDB-Query-request-ScanIndexForward
        //   "Query results are always sorted by the sort key value"; ScanIndexForward false reverses them
        // Recorded: scylladb/scylladb test/alternator/test_query.py test_query_sort_order_number, test_query_reverse
        String table = tableWithItems(5, "a", "b");
        var forward = dynamodb.query(b -> b.tableName(table).keyConditionExpression("pk = :p").expressionAttributeValues(Map.of(":p", s("a"))));
        assertThat(sortKeys(forward.items())).containsExactly(1, 2, 3, 4, 5);
        assertThat(forward.count()).isEqualTo(5);
        var backward = dynamodb.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("a"))).scanIndexForward(false));
        assertThat(sortKeys(backward.items())).containsExactly(5, 4, 3, 2, 1);
    }

    @Test
    void sortKeyConditionsNarrowTheRange() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html#DDB-Query-request-KeyConditionExpression (=, <, <=, >, >=, BETWEEN, begins_with)
        // Recorded: architect/dynalite test/query.js "should query a range table with BETWEEN", "... with GT", "... with LE", "... with EQ"
        String table = tableWithItems(10, "a");
        assertThat(sortKeys(query(table, "pk = :p AND sk BETWEEN :lo AND :hi", Map.of(":lo", n(3), ":hi", n(5))).items())).containsExactly(3, 4, 5);
        assertThat(sortKeys(query(table, "pk = :p AND sk > :x", Map.of(":x", n(8))).items())).containsExactly(9, 10);
        assertThat(sortKeys(query(table, "pk = :p AND sk <= :x", Map.of(":x", n(2))).items())).containsExactly(1, 2);
        assertThat(sortKeys(query(table, "pk = :p AND sk = :x", Map.of(":x", n(7))).items())).containsExactly(7);
    }

    @Test
    void beginsWithWorksOnStringSortKeys() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html#DDB-Query-request-KeyConditionExpression "begins_with (a, substr)"
        // Recorded: scylladb/scylladb test/alternator/test_key_condition_expression.py test_key_condition_expression_str_begins
        String table = createTable("beginswith", b -> b.attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.S))
                .keySchema(hash("pk"), range("sk")));
        for (String sk : List.of("order#1", "order#2", "payment#1")) {
            dynamodb.putItem(b -> b.tableName(table).item(item("pk", s("c"), "sk", s(sk))));
        }
        var found = dynamodb.query(b -> b.tableName(table).keyConditionExpression("pk = :p AND begins_with(sk, :prefix)")
                .expressionAttributeValues(Map.of(":p", s("c"), ":prefix", s("order#"))));
        assertThat(found.items()).extracting(i -> i.get("sk").s()).containsExactly("order#1", "order#2");
    }

    private QueryResponse query(String table, String keyCondition, Map<String, AttributeValue> values) {
        Map<String, AttributeValue> all = new java.util.HashMap<>(values);
        all.put(":p", s("a"));
        return dynamodb.query(b -> b.tableName(table).keyConditionExpression(keyCondition).expressionAttributeValues(all));
    }

    @Test
    void limitPagesWithLastEvaluatedKeyUntilTheEnd() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.Pagination.html "If LastEvaluatedKey is empty, then the last page of results has been processed"
        // Recorded: scylladb/scylladb test/alternator/test_query.py test_query_limit_paging;
        //   architect/dynalite test/query.js "should only return Limit items if requested"
        String table = tableWithItems(7, "a");
        List<Integer> seen = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            Map<String, AttributeValue> from = start;
            var page = dynamodb.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", s("a"))).limit(3).exclusiveStartKey(from));
            seen.addAll(sortKeys(page.items()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            pages++;
        } while (start != null);
        assertThat(seen).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void filterCountsScannedAndMatchedItemsSeparately() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.Other.html#Query.Count (ScannedCount before the filter, Count after) and #Query.Limit
        //   ("DynamoDB reads up to six items, and then returns only those that match the filter expression")
        // Recorded: architect/dynalite test/query.js "should only return Limit items if requested and QueryFilter"
        String table = tableWithItems(6, "a");
        var page = dynamodb.query(b -> b.tableName(table).keyConditionExpression("pk = :p").filterExpression("odd = :t")
                .expressionAttributeValues(Map.of(":p", s("a"), ":t", AttributeValue.fromBool(true))));
        assertThat(page.count()).isEqualTo(3);
        assertThat(page.scannedCount()).isEqualTo(6);
        assertThat(sortKeys(page.items())).containsExactly(1, 3, 5);
        var limited = dynamodb.query(b -> b.tableName(table).keyConditionExpression("pk = :p").filterExpression("odd = :t")
                .expressionAttributeValues(Map.of(":p", s("a"), ":t", AttributeValue.fromBool(true))).limit(2));
        assertThat(limited.scannedCount()).isEqualTo(2);
        assertThat(limited.count()).isEqualTo(1);
        assertThat(limited.lastEvaluatedKey()).isEqualTo(item("pk", s("a"), "sk", n(2)));
    }

    @Test
    void queryFilterCannotNameKeyAttributes() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.FilterExpression.html "A filter expression cannot contain partition key or sort key attributes"
        // Recorded: scylladb/scylladb test/alternator/test_filter_expression.py test_filter_expression_sort_key,
        //   test_filter_expression_scan_partition_key (a Scan may filter on keys); architect/dynalite test/query.js
        //   "should return ValidationException if range key in FilterExpression"
        String table = tableWithItems(2, "a");
        assertValidationError(() -> dynamodb.query(b -> b.tableName(table).keyConditionExpression("pk = :p").filterExpression("sk > :s")
                .expressionAttributeValues(Map.of(":p", s("a"), ":s", n(1)))))
                .hasMessageContaining("non-primary key attributes");
        var scan = dynamodb.scan(b -> b.tableName(table).filterExpression("sk > :s").expressionAttributeValues(Map.of(":s", n(1))));
        assertThat(scan.count()).isEqualTo(1);
    }

    @Test
    void selectCountReturnsNoItems() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html#DDB-Query-request-Select "COUNT - Returns the number of matching items, rather than the matching items themselves"
        // Recorded: scylladb/scylladb test/alternator/test_query.py test_query_select ("assert not 'Items' in got")
        String table = tableWithItems(4, "a");
        var page = dynamodb.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("a"))).select(Select.COUNT));
        assertThat(page.count()).isEqualTo(4);
        assertThat(page.hasItems()).isFalse();
    }

    @Test
    void selectRulesAreEnforced() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html#DDB-Query-request-Select ("ALL_PROJECTED_ATTRIBUTES - Allowed only when querying an
        //   index"; "You cannot use both Select and ProjectionExpression together in a single request, unless the value for
        //   Select is SPECIFIC_ATTRIBUTES")
        // Recorded: scylladb/scylladb test/alternator/test_query.py test_query_select
        String table = tableWithItems(1, "a");
        assertValidationError(() -> dynamodb.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("a"))).select(Select.ALL_PROJECTED_ATTRIBUTES)));
        assertValidationError(() -> dynamodb.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("a"))).select(Select.SPECIFIC_ATTRIBUTES)));
        assertValidationError(() -> dynamodb.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("a"))).select(Select.ALL_ATTRIBUTES).projectionExpression("sk")));
        var specific = dynamodb.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("a"))).select(Select.SPECIFIC_ATTRIBUTES).projectionExpression("sk"));
        assertThat(specific.items()).containsExactly(item("sk", n(1)));
    }

    @Test
    void queryNeedsAKeyConditionOnTheHashKey() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html#DDB-Query-request-KeyConditionExpression "The partition key equality test is
        //   required"
        // Recorded: architect/dynalite test/query.js "should return ValidationException for missing range element" ("Query condition missed
        //   key schema element"), "should return ValidationException for unsupported comparison on range" ("Condition parameter type
        //   does not match schema type"); scylladb/scylladb test/alternator/test_key_condition_expression.py
        //   test_key_condition_expression_no_partition
        String table = tableWithItems(1, "a");
        assertValidationError(() -> dynamodb.query(b -> b.tableName(table)));
        assertValidationError(() -> dynamodb.query(b -> b.tableName(table).keyConditionExpression("sk = :s")
                .expressionAttributeValues(Map.of(":s", n(1)))));
        assertValidationError(() -> dynamodb.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", n(1)))));
    }

    @Test
    void pagesStopAtOneMegabyte() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.KeyConditionExpressions.html "A single Query operation can retrieve a maximum of 1 MB of data"
        // Recorded: architect/dynalite test/query.js "should return LastEvaluatedKey if just over limit", "should return one less than all if just over limit"
        String table = hashRangeTable("megabyte");
        String payload = "x".repeat(100_000);
        for (int i = 0; i < 15; i++) {
            int sk = i;
            dynamodb.putItem(b -> b.tableName(table).item(item("pk", s("big"), "sk", n(sk), "payload", s(payload))));
        }
        var first = dynamodb.query(b -> b.tableName(table).keyConditionExpression("pk = :p").expressionAttributeValues(Map.of(":p", s("big"))));
        assertThat(first.count()).isBetween(9, 11);
        assertThat(first.lastEvaluatedKey()).isNotEmpty();
        var second = dynamodb.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("big"))).exclusiveStartKey(first.lastEvaluatedKey()));
        assertThat(first.count() + second.count()).isEqualTo(15);
        assertThat(second.hasLastEvaluatedKey() && !second.lastEvaluatedKey().isEmpty()).isFalse();
    }

    @Test
    void scanReadsEveryItemAndPagesWithLimit() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Scan.html#Scan.Pagination
        // Recorded: scylladb/scylladb test/alternator/test_scan.py test_scan_with_paginator
        String table = tableWithItems(3, "a", "b", "c", "d");
        Set<String> seen = new HashSet<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamodb.scan(b -> b.tableName(table).limit(5).exclusiveStartKey(from));
            page.items().forEach(i -> assertThat(seen.add(i.get("pk").s() + i.get("sk").n())).isTrue());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        assertThat(seen).hasSize(12);
    }

    @Test
    void parallelScanSegmentsPartitionTheTable() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Scan.html#Scan.ParallelScan; https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Scan.html#DDB-Scan-request-Segment ("must be
        //   less than the value provided for TotalSegments"; "If you provide Segment, you must also provide TotalSegments")
        // Recorded: scylladb/scylladb test/alternator/test_scan.py test_scan_parallel, test_scan_parallel_incorrect;
        //   architect/dynalite test/scan.js "should return ValidationException for missing TotalSegments"
        String table = tableWithItems(2, "a", "b", "c", "d", "e", "f", "g", "h");
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (int segment = 0; segment < 3; segment++) {
            int seg = segment;
            var page = dynamodb.scan(b -> b.tableName(table).segment(seg).totalSegments(3));
            for (var i : page.items()) seen.add(i.get("pk").s() + i.get("sk").n());
            total += page.count();
        }
        assertThat(total).isEqualTo(16);
        assertThat(seen).hasSize(16);
        assertValidationError(() -> dynamodb.scan(b -> b.tableName(table).segment(3).totalSegments(3)));
        assertValidationError(() -> dynamodb.scan(b -> b.tableName(table).segment(0)));
    }

    @Test
    void scanFilterAndProjection() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Scan.html#Scan.FilterExpression and #Scan.Count (ScannedCount counts the items before the filter)
        // Recorded: scylladb/scylladb test/alternator/test_projection_expression.py test_projection_expression_scan
        String table = tableWithItems(4, "a");
        var page = dynamodb.scan(b -> b.tableName(table).filterExpression("odd = :f").projectionExpression("sk")
                .expressionAttributeValues(Map.of(":f", AttributeValue.fromBool(false))));
        assertThat(page.items()).containsExactlyInAnyOrder(item("sk", n(2)), item("sk", n(4)));
        assertThat(page.scannedCount()).isEqualTo(4);
    }

    private String tableWithIndexes() {
        return createTable("indexes", b -> b
                .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.N),
                        attr("status", ScalarAttributeType.S), attr("created", ScalarAttributeType.N))
                .keySchema(hash("pk"), range("sk"))
                .globalSecondaryIndexes(
                        GlobalSecondaryIndex.builder().indexName("byStatusKeys").keySchema(hash("status"), range("created"))
                                .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()).build(),
                        GlobalSecondaryIndex.builder().indexName("byStatusInclude").keySchema(hash("status"))
                                .projection(Projection.builder().projectionType(ProjectionType.INCLUDE).nonKeyAttributes("amount").build()).build())
                .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("byCreated").keySchema(hash("pk"), range("created"))
                        .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()).build()));
    }

    @Test
    void globalIndexesAreSparseAndProjectWhatTheyDeclare() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Projections; https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-indexes-general-sparse-indexes.html;
        //   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html "Strongly consistent reads are not supported on global secondary indexes"
        // Recorded: scylladb/scylladb test/alternator/test_gsi.py test_gsi_projection_keys_only, test_gsi_projection_include,
        //   test_gsi_strong_consistency, test_gsi_missing_index; architect/dynalite test/query.js
        //   "should return ValidationException for specifying ALL_ATTRIBUTES when global index does not have ALL"
        String table = tableWithIndexes();
        dynamodb.putItem(b -> b.tableName(table).item(item("pk", s("o1"), "sk", n(1), "status", s("OPEN"), "created", n(30), "amount", n(5), "note", s("x"))));
        dynamodb.putItem(b -> b.tableName(table).item(item("pk", s("o2"), "sk", n(1), "status", s("OPEN"), "created", n(10), "amount", n(7))));
        dynamodb.putItem(b -> b.tableName(table).item(item("pk", s("o3"), "sk", n(1), "created", n(20))));
        var keysOnly = dynamodb.query(b -> b.tableName(table).indexName("byStatusKeys").keyConditionExpression("#s = :open")
                .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":open", s("OPEN"))));
        assertThat(keysOnly.items()).containsExactly(
                item("pk", s("o2"), "sk", n(1), "status", s("OPEN"), "created", n(10)),
                item("pk", s("o1"), "sk", n(1), "status", s("OPEN"), "created", n(30)));
        var include = dynamodb.query(b -> b.tableName(table).indexName("byStatusInclude").keyConditionExpression("#s = :open")
                .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":open", s("OPEN"))));
        assertThat(include.items()).allSatisfy(i -> assertThat(i).containsKeys("pk", "sk", "status", "amount").doesNotContainKeys("note", "created"));
        var scan = dynamodb.scan(b -> b.tableName(table).indexName("byStatusKeys"));
        assertThat(scan.count()).isEqualTo(2);
        assertValidationError(() -> dynamodb.query(b -> b.tableName(table).indexName("byStatusKeys").keyConditionExpression("#s = :open")
                .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":open", s("OPEN"))).consistentRead(true)));
        assertValidationError(() -> dynamodb.query(b -> b.tableName(table).indexName("byStatusKeys").keyConditionExpression("#s = :open")
                .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":open", s("OPEN"))).select(Select.ALL_ATTRIBUTES)));
        assertValidationError(() -> dynamodb.query(b -> b.tableName(table).indexName("noSuchIndex").keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("x")))));
    }

    @Test
    void globalIndexFollowsUpdatesAndDeletes() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Writes "DynamoDB automatically synchronizes each global secondary index with its base table"
        // Recorded: scylladb/scylladb test/alternator/test_gsi.py test_update_gsi_pk
        String table = tableWithIndexes();
        dynamodb.putItem(b -> b.tableName(table).item(item("pk", s("o1"), "sk", n(1), "status", s("OPEN"), "created", n(1))));
        dynamodb.updateItem(b -> b.tableName(table).key(item("pk", s("o1"), "sk", n(1))).updateExpression("SET #s = :closed")
                .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":closed", s("CLOSED"))));
        assertThat(countByStatus(table, "OPEN")).isZero();
        assertThat(countByStatus(table, "CLOSED")).isEqualTo(1);
        dynamodb.deleteItem(b -> b.tableName(table).key(item("pk", s("o1"), "sk", n(1))));
        assertThat(countByStatus(table, "CLOSED")).isZero();
    }

    @Test
    void indexKeyAttributesMustHaveTheDeclaredType() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Writes "the data types for those attributes must match the index key
        //   schema's data types"; empty strings are not allowed in index keys (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-attributes-values)
        // Recorded: scylladb/scylladb test/alternator/test_gsi.py test_gsi_wrong_type_attribute_put, test_gsi_empty_value;
        //   architect/dynalite test/putItem.js "should return ValidationException if secondary index key is incorrect type"
        String table = tableWithIndexes();
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(table).item(item("pk", s("o1"), "sk", n(1), "status", n(1)))));
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(table).item(item("pk", s("o1"), "sk", n(1), "status", s("")))));
    }

    private int countByStatus(String table, String status) {
        return dynamodb.query(b -> b.tableName(table).indexName("byStatusKeys").keyConditionExpression("#s = :v")
                .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":v", s(status)))
                .select(Select.COUNT)).count();
    }

    @Test
    void localIndexQueriesWithinAPartitionByTheAlternateSortKey() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html#LSI.Querying "If you query a local secondary index, ... DynamoDB fetches the entire item
        //   from the base table" for ALL_ATTRIBUTES; https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html#LSI.Projections
        // Recorded: scylladb/scylladb test/alternator/test_lsi.py test_lsi_query_select, test_lsi_consistent_read;
        //   architect/dynalite test/query.js "should return all attributes when specified for secondary indexes"
        //   (a LastEvaluatedKey of an index carries the table's and the index's keys: test/query.js
        //   "should query with ExclusiveStartKey on range global index")
        String table = tableWithIndexes();
        for (int i = 1; i <= 3; i++) {
            int sk = i;
            dynamodb.putItem(b -> b.tableName(table).item(item("pk", s("p"), "sk", n(sk), "created", n(100 - sk), "amount", n(sk))));
        }
        var byCreated = dynamodb.query(b -> b.tableName(table).indexName("byCreated").keyConditionExpression("pk = :p AND created > :c")
                .expressionAttributeValues(Map.of(":p", s("p"), ":c", n(97))));
        assertThat(sortKeys(byCreated.items())).containsExactly(2, 1);
        assertThat(byCreated.items().getFirst()).doesNotContainKey("amount");
        var all = dynamodb.query(b -> b.tableName(table).indexName("byCreated").keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))).select(Select.ALL_ATTRIBUTES).consistentRead(true));
        assertThat(all.items()).allSatisfy(i -> assertThat(i).containsKey("amount"));
        var paged = dynamodb.query(b -> b.tableName(table).indexName("byCreated").keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))).limit(1));
        assertThat(paged.lastEvaluatedKey()).containsOnlyKeys("pk", "sk", "created");
        var next = dynamodb.query(b -> b.tableName(table).indexName("byCreated").keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))).exclusiveStartKey(paged.lastEvaluatedKey()));
        assertThat(sortKeys(next.items())).containsExactly(2, 1);
    }

    @Test
    void anExclusiveStartKeyThatIsNotAKeyIsRefused() {
        // Recorded: architect/dynalite test/query.js "should return ValidationException for missing range element",
        //   "should return ValidationException if ExclusiveStartKey does not match range schema";
        //   scylladb/scylladb test/alternator/test_query.py test_query_exclusivestartkey_missing_sortkey
        String table = tableWithItems(2, "a");
        assertValidationError(() -> dynamodb.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("a"))).exclusiveStartKey(item("pk", s("a")))));
        assertValidationError(() -> dynamodb.scan(b -> b.tableName(table).exclusiveStartKey(item("pk", s("a"), "sk", s("1")))));
    }

    @Test
    void droppedGlobalIndexCannotBeQueried() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html#DDB-UpdateTable-request-GlobalSecondaryIndexUpdates (Delete)
        // Recorded: architect/dynalite test/query.js "should return ValidationException for non-existent index name"
        //   ("The table does not have the specified index"); scylladb/scylladb test/alternator/test_gsi_updatetable.py
        String table = tableWithIndexes();
        dynamodb.updateTable(b -> b.tableName(table).globalSecondaryIndexUpdates(u -> u.delete(d -> d.indexName("byStatusInclude"))));
        for (int i = 0; i < 100; i++) {
            var gsis = dynamodb.describeTable(b -> b.tableName(table)).table().globalSecondaryIndexes();
            if (gsis.stream().noneMatch(g -> g.indexName().equals("byStatusInclude"))) break;
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        assertValidationError(() -> dynamodb.query(b -> b.tableName(table).indexName("byStatusInclude").keyConditionExpression("#s = :v")
                .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":v", s("OPEN")))));
    }

    @Test
    void queryReportsConsumedCapacity() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html#read-operation-consumption "Query ... All items returned are treated as
        //   a single read operation", rounded up to 4 KB; eventually consistent: half
        String table = tableWithItems(3, "a");
        var page = dynamodb.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("a"))).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        assertThat(page.consumedCapacity().capacityUnits()).isEqualTo(0.5);
    }
}
