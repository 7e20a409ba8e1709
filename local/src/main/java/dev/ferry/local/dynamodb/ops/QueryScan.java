package dev.ferry.local.dynamodb.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.dynamodb.ApiException;
import dev.ferry.local.dynamodb.expression.Expressions;
import dev.ferry.local.dynamodb.expression.RangeConditions;
import dev.ferry.local.dynamodb.model.Value;
import dev.ferry.local.dynamodb.table.Index;
import dev.ferry.local.dynamodb.table.ItemStore;
import dev.ferry.local.dynamodb.table.KeyAttribute;
import dev.ferry.local.dynamodb.table.KeySchema;
import dev.ferry.local.dynamodb.table.SortKey;
import dev.ferry.local.dynamodb.table.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.stream.Stream;

/** Query and Scan, on tables and indexes, with AWS's paging: Limit counts items read, a page stops at 1 MB. */
final class QueryScan {
    static final long PAGE_BYTES = 1024 * 1024;

    private final Database db;

    QueryScan(Database db) {
        this.db = db;
    }

    /** What a read pass over a table or an index accumulates. */
    private static final class Page {
        final ArrayNode items;
        int count;
        int scanned;
        long bytes;
        Map<String, Value> last;
        boolean cut;

        Page(ArrayNode items) {
            this.items = items;
        }
    }

    /** The parts of a Query or Scan request both share. */
    private record Read(Table table, Optional<Index> index, KeySchema keys, ItemStore store, String select,
                        Optional<Expressions.Condition> filter, Optional<Expressions.Projection> projection,
                        Optional<Integer> limit, boolean consistent, Optional<Map<String, Value>> startKey) {

        /** The attributes a reader sees of a stored item: an index shows only what it projects. */
        Map<String, Value> view(Map<String, Value> item) {
            if (index.isEmpty()) return item;
            if (index.get().global() || select.equals("ALL_PROJECTED_ATTRIBUTES") || select.equals("COUNT")) {
                return index.get().project(item, table.keySchema());
            }
            return item;
        }

        /** Visits one stored item; returns false when the page is complete. */
        boolean visit(Map<String, Value> item, Page page) {
            Map<String, Value> view = view(item);
            page.scanned++;
            page.bytes += Value.itemSize(view);
            if (filter.map(f -> f.test(view)).orElse(true)) {
                page.count++;
                if (!select.equals("COUNT")) {
                    page.items.add(Req.encode(projection.map(p -> p.apply(view)).orElse(view)));
                }
            }
            page.last = item;
            if (limit.map(l -> page.scanned >= l).orElse(false) || page.bytes >= PAGE_BYTES) {
                page.cut = true;
                return false;
            }
            return true;
        }

        /** The key a next page starts after: the table's key plus, on an index, the index key. */
        Map<String, Value> lastEvaluatedKey(Map<String, Value> item) {
            Map<String, Value> key = new LinkedHashMap<>(table.keySchema().project(item));
            key.putAll(keys.project(item));
            return key;
        }

        /** Where in the store an ExclusiveStartKey points. */
        ItemStore.Position start(Map<String, Value> startKey) {
            for (KeyAttribute k : table.keySchema().attributes()) checkKeyPart(startKey, k);
            for (KeyAttribute k : keys.attributes()) checkKeyPart(startKey, k);
            int expected = (int) Stream.concat(table.keySchema().names().stream(), keys.names().stream()).distinct().count();
            if (startKey.size() != expected) {
                throw ApiException.validation("The provided starting key is invalid: The provided key element does not match the schema");
            }
            SortKey position = index.map(i -> i.positionOf(startKey, table.keySchema()))
                    .orElseGet(() -> table.positionOf(table.keySchema().keyOf(startKey)));
            return ItemStore.Position.of(startKey.get(keys.hash().name()), position);
        }

        private static void checkKeyPart(Map<String, Value> startKey, KeyAttribute k) {
            Value v = startKey.get(k.name());
            if (v == null || !v.type().equals(k.type())) {
                throw ApiException.validation("The provided starting key is invalid: The provided key element does not match the schema");
            }
        }
    }

    JsonNode query(JsonNode req) {
        Req.rejectLegacy(req, "KeyConditions", "QueryFilter", "AttributesToGet", "ConditionalOperator");
        String tableName = Req.text(req, "TableName");
        boolean forward = Req.bool(req, "ScanIndexForward", true);
        Capacity capacity = Capacity.of(req);
        ExpressionSupport ex = ExpressionSupport.of(req, "KeyConditionExpression", "FilterExpression", "ProjectionExpression");
        return db.withTable(tableName, table -> {
            Read read = prepare(req, table, ex);
            Expressions.KeyCondition keyCondition = ex.keyCondition("KeyConditionExpression",
                    read.keys().hash().name(), read.keys().range().map(KeyAttribute::name));
            ex.requireAllUsed();
            read.filter().ifPresent(f -> f.paths().forEach(path -> {
                if (read.keys().names().contains(path.attribute())) {
                    throw ApiException.validation("Filter Expression can only contain non-primary key attributes: Primary key attribute: "
                            + path.attribute());
                }
            }));
            if (!keyCondition.hashValue().type().equals(read.keys().hash().type())) {
                throw ApiException.validation("One or more parameter values were invalid: Condition parameter type does not match schema type");
            }
            requireRangeKeyType(keyCondition, read.keys());
            NavigableMap<ItemStore.Position, Map<String, Value>> partition = read.store().partition(keyCondition.hashValue());
            if (read.startKey().isPresent()) {
                ItemStore.Position start = read.start(read.startKey().get());
                if (!start.partition().equals(keyCondition.hashValue())) {
                    throw ApiException.validation("The provided starting key is invalid: The provided key does not match the query's partition key value");
                }
                partition = forward ? partition.tailMap(start, false) : partition.headMap(start, false);
            }
            if (!forward) partition = partition.descendingMap();
            ObjectNode response = Req.object();
            Page page = new Page(Req.object().arrayNode());
            String rangeName = read.keys().range().map(KeyAttribute::name).orElse(null);
            for (Map<String, Value> item : partition.values()) {
                if (keyCondition.range().isPresent() && !keyCondition.range().get().test(item.get(rangeName))) continue;
                if (!read.visit(item, page)) break;
            }
            return respond(read, page, response, capacity, tableName);
        });
    }

    /**
     * A sort key condition's values must have the sort key's type, as the partition key's must: AWS refuses
     * a mismatch instead of matching nothing (ScyllaDB's DynamoDB-verified test_key_conditions_wrong_type,
     * https://github.com/scylladb/scylladb/blob/master/test/alternator/test_key_conditions.py; the message
     * is dynalite's live-recorded one, https://github.com/mhart/dynalite/blob/master/actions/query.js).
     */
    private static void requireRangeKeyType(Expressions.KeyCondition keyCondition, KeySchema keys) {
        if (keyCondition.range().isEmpty() || keys.range().isEmpty()) return;
        String type = keys.range().get().type();
        List<Value> operands = switch (keyCondition.range().get()) {
            case RangeConditions.Comparison c -> List.of(c.value());
            case RangeConditions.Between b -> List.of(b.lower(), b.upper());
            case RangeConditions.BeginsWith b -> List.of(b.prefix());
            default -> List.of();
        };
        for (Value v : operands) {
            if (!v.type().equals(type)) {
                throw ApiException.validation("One or more parameter values were invalid: Condition parameter type does not match schema type");
            }
        }
    }

    JsonNode scan(JsonNode req) {
        Req.rejectLegacy(req, "ScanFilter", "AttributesToGet", "ConditionalOperator");
        String tableName = Req.text(req, "TableName");
        Optional<Integer> segment = Req.optInt(req, "Segment");
        Optional<Integer> totalSegments = Req.optInt(req, "TotalSegments");
        if (segment.isPresent() && totalSegments.isEmpty()) {
            throw ApiException.validation("The TotalSegments parameter is required but was not present in the request when parameter Segment is present");
        }
        if (totalSegments.isPresent() && segment.isEmpty()) {
            throw ApiException.validation("The Segment parameter is required but was not present in the request when parameter TotalSegments is present");
        }
        if (totalSegments.isPresent()) {
            int total = totalSegments.get();
            if (total < 1 || total > 1_000_000) {
                throw ApiException.validation("1 validation error detected: Value '" + total
                        + "' at 'totalSegments' failed to satisfy constraint: Member must have value between 1 and 1000000");
            }
            if (segment.get() < 0 || segment.get() >= total) {
                throw ApiException.validation("The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: "
                        + segment.get() + " is not less than TotalSegments: " + total);
            }
        }
        Capacity capacity = Capacity.of(req);
        ExpressionSupport ex = ExpressionSupport.of(req, "FilterExpression", "ProjectionExpression");
        return db.withTable(tableName, table -> {
            Read read = prepare(req, table, ex);
            ex.requireAllUsed();
            Page page = new Page(Req.object().arrayNode());
            var entries = read.startKey().map(read::start)
                    .map(start -> read.store().entries().tailMap(start, false))
                    .orElse(read.store().entries());
            for (var entry : entries.entrySet()) {
                if (totalSegments.isPresent()
                        && Math.floorMod(entry.getKey().partition().hashCode(), totalSegments.get()) != segment.get()) continue;
                if (!read.visit(entry.getValue(), page)) break;
            }
            return respond(read, page, Req.object(), capacity, tableName);
        });
    }

    private Read prepare(JsonNode req, Table table, ExpressionSupport ex) {
        Optional<String> indexName = Req.optText(req, "IndexName");
        Optional<Index> index = indexName.map(n -> table.index(n).orElseThrow(() -> ApiException.validation(
                "The table does not have the specified index: " + n)));
        boolean consistent = Req.bool(req, "ConsistentRead", false);
        if (consistent && index.map(Index::global).orElse(false)) {
            throw ApiException.validation("Consistent reads are not supported on global secondary indexes");
        }
        boolean hasProjection = Req.has(req, "ProjectionExpression");
        String select = Req.oneOf(req, "Select",
                hasProjection ? "SPECIFIC_ATTRIBUTES" : index.isPresent() ? "ALL_PROJECTED_ATTRIBUTES" : "ALL_ATTRIBUTES",
                "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT");
        if (hasProjection && !select.equals("SPECIFIC_ATTRIBUTES")) {
            throw ApiException.validation("Cannot specify the ProjectionExpression when choosing to get " + select);
        }
        if (select.equals("SPECIFIC_ATTRIBUTES") && !hasProjection) {
            throw ApiException.validation("SPECIFIC_ATTRIBUTES needs a ProjectionExpression naming the attributes to return");
        }
        if (select.equals("ALL_PROJECTED_ATTRIBUTES") && index.isEmpty()) {
            throw ApiException.validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
        }
        if (select.equals("ALL_ATTRIBUTES") && index.isPresent() && index.get().global() && !index.get().projection().all()) {
            throw ApiException.validation("One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index "
                    + index.get().name() + " because its projection type is not ALL");
        }
        Optional<Map<String, Value>> startKey = Req.has(req, "ExclusiveStartKey")
                ? Optional.of(Req.item(req, "ExclusiveStartKey")) : Optional.empty();
        return new Read(table, index, index.map(Index::keySchema).orElse(table.keySchema()),
                index.map(Index::store).orElse(table.items()), select,
                ex.filter("FilterExpression"), ex.projection("ProjectionExpression"),
                Req.limit(req, Integer.MAX_VALUE), consistent, startKey);
    }

    private static JsonNode respond(Read read, Page page, ObjectNode response, Capacity capacity, String tableName) {
        if (!read.select().equals("COUNT")) response.set("Items", page.items);
        response.put("Count", page.count);
        response.put("ScannedCount", page.scanned);
        if (page.cut && page.last != null) response.set("LastEvaluatedKey", Req.encode(read.lastEvaluatedKey(page.last)));
        capacity.read(tableName, Capacity.readUnits(page.bytes, read.consistent()));
        capacity.addTo(response);
        return response;
    }
}
