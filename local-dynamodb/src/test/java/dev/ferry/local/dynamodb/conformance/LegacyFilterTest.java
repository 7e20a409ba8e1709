package dev.ferry.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.ConditionalOperator;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * ScanFilter and QueryFilter, the legacy filters
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.ScanFilter.html,
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.QueryFilter.html):
 * each selects the items its FilterExpression selects, counted the same way.
 */
class LegacyFilterTest extends ConformanceTest {

    /** The full item, one with none of its attributes and one with other values of the same names. */
    private String scanTable() {
        String table = hashTable("legacy-scan");
        Map<String, AttributeValue> full = new LinkedHashMap<>(LegacyCases.FULL);
        full.put("id", s("full"));
        dynamodb.putItem(b -> b.tableName(table).item(full));
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("bare"))));
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("other"), "s", s("zebra"), "n", n(50),
                "ss", AttributeValue.fromSs(List.of("c")), "l", AttributeValue.fromL(List.of(n(7))))));
        return table;
    }

    private static Set<String> ids(List<Map<String, AttributeValue>> items) {
        return items.stream().map(i -> i.get("id").s()).collect(Collectors.toSet());
    }

    private Set<String> scan(String table, Consumer<ScanRequest.Builder> filter) {
        return ids(dynamodb.scan(b -> {
            b.tableName(table).consistentRead(true);
            filter.accept(b);
        }).items());
    }

    @Test
    void everyComparisonOperatorSelectsWhatItsFilterExpressionSelects() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.ScanFilter.html and https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Condition.html (what each ComparisonOperator means)
        // Recorded: scylladb/scylladb test/alternator/test_query_filter.py test_query_filter_eq through test_query_filter_null
        //   (one test per operator, the same conditions as QueryFilter)
        String table = scanTable();
        SoftAssertions softly = new SoftAssertions();
        for (LegacyCases c : LegacyCases.all()) {
            Set<String> legacy = scan(table, b -> b.scanFilter(Map.of(c.attribute(), c.condition())));
            Set<String> expression = scan(table, b -> {
                b.filterExpression(c.expression()).expressionAttributeNames(c.expressionNames());
                if (!c.values().isEmpty()) b.expressionAttributeValues(c.expressionValues());
            });
            softly.assertThat(legacy).as("ScanFilter: %s", c).isEqualTo(expression);
            softly.assertThat(legacy.contains("full")).as("ScanFilter on the full item: %s", c).isEqualTo(c.holds());
        }
        softly.assertAll();
    }

    @Test
    void scanFilterConditionsAreAndedUnlessConditionalOperatorSaysOr() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.ConditionalOperator.html (AND is the default)
        // Recorded: scylladb/scylladb test/alternator/test_query_filter.py test_query_filter_and, test_query_filter_or
        String table = scanTable();
        Map<String, Condition> filter = new LinkedHashMap<>();
        filter.put("n", Condition.builder().comparisonOperator(ComparisonOperator.GT).attributeValueList(n(10)).build());
        filter.put("s", Condition.builder().comparisonOperator(ComparisonOperator.BEGINS_WITH).attributeValueList(s("he")).build());
        assertThat(scan(table, b -> b.scanFilter(filter))).isEmpty();
        assertThat(scan(table, b -> b.scanFilter(filter).conditionalOperator(ConditionalOperator.AND))).isEmpty();
        assertThat(scan(table, b -> b.scanFilter(filter).conditionalOperator(ConditionalOperator.OR)))
                .isEqualTo(scan(table, b -> b.filterExpression("n > :n OR begins_with(s, :s)")
                        .expressionAttributeValues(Map.of(":n", n(10), ":s", s("he")))))
                .containsExactlyInAnyOrder("full", "other");
    }

    @Test
    void aScanFilterMayNameKeyAttributesAndCountsLikeAFilterExpression() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Scan.html#DDB-Scan-response-ScannedCount (before the filter) and #DDB-Scan-response-Count
        // Recorded: scylladb/scylladb test/alternator/test_scan.py test_scan_with_key_equality_filtering
        String table = scanTable();
        var legacy = dynamodb.scan(b -> b.tableName(table).scanFilter(Map.of("id",
                Condition.builder().comparisonOperator(ComparisonOperator.EQ).attributeValueList(s("bare")).build())));
        assertThat(legacy.count()).isEqualTo(1);
        assertThat(legacy.scannedCount()).isEqualTo(3);
    }

    private String queryTable() {
        String table = hashRangeTable("legacy-query");
        for (int i = 1; i <= 6; i++) {
            int sk = i;
            dynamodb.putItem(b -> b.tableName(table).item(item("pk", s("p"), "sk", n(sk), "size", n(sk * 10),
                    "tag", s(sk % 2 == 0 ? "even" : "odd"))));
        }
        return table;
    }

    private static List<Integer> sortKeys(List<Map<String, AttributeValue>> items) {
        return items.stream().map(i -> Integer.parseInt(i.get("sk").n())).toList();
    }

    private static final Map<String, Condition> PARTITION_P = Map.of("pk",
            Condition.builder().comparisonOperator(ComparisonOperator.EQ).attributeValueList(AttributeValue.fromS("p")).build());

    @Test
    void queryFilterSelectsWhatItsFilterExpressionSelectsAfterTheKeyCondition() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.QueryFilter.html
        //   "a condition that evaluates the query results after the items are read"
        // Recorded: scylladb/scylladb test/alternator/test_query_filter.py test_query_filter_counts, test_query_filter_or
        String table = queryTable();
        Map<String, Condition> filter = new LinkedHashMap<>();
        filter.put("size", Condition.builder().comparisonOperator(ComparisonOperator.GE).attributeValueList(n(30)).build());
        filter.put("tag", Condition.builder().comparisonOperator(ComparisonOperator.EQ).attributeValueList(s("even")).build());
        var legacy = dynamodb.query(b -> b.tableName(table).keyConditions(PARTITION_P).queryFilter(filter));
        var expression = dynamodb.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .filterExpression("#size >= :size AND tag = :tag").expressionAttributeNames(Map.of("#size", "size"))
                .expressionAttributeValues(Map.of(":p", s("p"), ":size", n(30), ":tag", s("even"))));
        assertThat(sortKeys(legacy.items())).isEqualTo(sortKeys(expression.items())).containsExactly(4, 6);
        assertThat(legacy.count()).isEqualTo(2);
        assertThat(legacy.scannedCount()).isEqualTo(6);
        var or = dynamodb.query(b -> b.tableName(table).keyConditions(PARTITION_P).queryFilter(filter)
                .conditionalOperator(ConditionalOperator.OR));
        assertThat(sortKeys(or.items())).containsExactly(2, 3, 4, 5, 6);
    }

    @Test
    void queryFilterPagesByItemsReadNotItemsReturned() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html#DDB-Query-request-Limit "The maximum number of items to evaluate (not necessarily the
        //   number of matching items)"
        // Recorded: scylladb/scylladb test/alternator/test_query_filter.py test_query_filter_paging
        // Limit counts items read before the filter, for the legacy filter too
        // (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html, Limit)
        String table = queryTable();
        Map<String, Condition> even = Map.of("tag",
                Condition.builder().comparisonOperator(ComparisonOperator.EQ).attributeValueList(s("even")).build());
        QueryRequest.Builder first = QueryRequest.builder().tableName(table).keyConditions(PARTITION_P).queryFilter(even).limit(3);
        var page = dynamodb.query(first.build());
        assertThat(sortKeys(page.items())).containsExactly(2);
        assertThat(page.lastEvaluatedKey()).containsEntry("sk", n(3));
        var next = dynamodb.query(first.exclusiveStartKey(page.lastEvaluatedKey()).build());
        assertThat(sortKeys(next.items())).containsExactly(4, 6);
    }

    @Test
    void queryFilterCannotNameAKeyAttribute() {
        // Recorded: architect/dynalite test/query.js "should return ValidationException if range key in QueryFilter";
        //   scylladb/scylladb test/alternator/test_query_filter.py test_query_filter_sort_key
        // QueryFilter "does not allow key attributes"; dynalite's live-recorded text
        // (https://github.com/mhart/dynalite/blob/master/test/query.js, "should return ValidationException if range key in QueryFilter")
        String table = queryTable();
        assertValidationError(() -> dynamodb.query(b -> b.tableName(table).keyConditions(PARTITION_P).queryFilter(Map.of("sk",
                Condition.builder().comparisonOperator(ComparisonOperator.GT).attributeValueList(n(1)).build()))))
                .hasMessageContaining("QueryFilter can only contain non-primary key attributes: Primary key attribute: sk");
    }

    @Test
    void anEmptyQueryFilterFiltersNothing() {
        // Recorded: scylladb/scylladb test/alternator/test_query_filter.py test_query_filter_empty
        // ScyllaDB's DynamoDB-verified test_query_filter_empty
        // (https://github.com/scylladb/scylladb/blob/master/test/alternator/test_query_filter.py)
        String table = queryTable();
        var all = dynamodb.query(b -> b.tableName(table).keyConditions(PARTITION_P).queryFilter(Map.of()));
        assertThat(all.count()).isEqualTo(6);
    }
}
