package dev.ferry.local.dynamodb.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.dynamodb.ApiException;
import dev.ferry.local.dynamodb.expression.Expressions;
import dev.ferry.local.dynamodb.model.Value;
import dev.ferry.local.dynamodb.table.Index;
import dev.ferry.local.dynamodb.table.ItemStore;
import dev.ferry.local.dynamodb.table.KeyAttribute;
import dev.ferry.local.dynamodb.table.KeySchema;
import dev.ferry.local.dynamodb.table.SortKey;
import dev.ferry.local.dynamodb.table.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Query and Scan, on tables and indexes, with AWS's paging: Limit counts items read, and a page ends with the
 * item that takes it to 1 MB or more; that item is still returned (dynalite test/scan.js "should return
 * LastEvaluatedKey if just over limit", recorded on DynamoDB). Everything the request says on its own is checked
 * before the table is looked up; what depends on the table (its index, its key schema) after.
 */
final class QueryScan {
    static final long PAGE_BYTES = 1024 * 1024;
    private static final String INVALID_START = "The provided starting key is invalid: The provided key element does not match the schema";

    private final Database db;

    QueryScan(Database db) {
        this.db = db;
    }

    /** What a Query or Scan asks for, read and checked before its table is looked up. */
    private record Request(String tableName, Optional<String> indexName, boolean consistent, String select,
                           Optional<Expressions.Condition> filter, Optional<Expressions.Projection> projection,
                           Optional<Integer> limit, Optional<Map<String, Value>> startKey, Capacity capacity) {}

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

    /** A request bound to its table: the index read, its key schema and its items. */
    private record Read(Request request, Table table, Optional<Index> index, KeySchema keys, ItemStore store) {

        /** The attributes a reader sees of a stored item: an index shows only what it projects. */
        Map<String, Value> view(Map<String, Value> item) {
            if (index.isEmpty()) return item;
            String select = request.select();
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
            if (request.filter().map(f -> f.test(view)).orElse(true)) {
                page.count++;
                if (!request.select().equals("COUNT")) {
                    page.items.add(Req.encode(request.projection().map(p -> p.apply(view)).orElse(view)));
                }
            }
            page.last = item;
            if (request.limit().map(l -> page.scanned >= l).orElse(false) || page.bytes >= PAGE_BYTES) {
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

        /**
         * Checks an ExclusiveStartKey against the key schemas (the table's and, on an index, the index's) and
         * returns where in the store it points. On an index AWS answers a key of the wrong shape without saying
         * why (dynalite actions/query.js and scan.js, written against DynamoDB).
         */
        ItemStore.Position start(Map<String, Value> startKey, boolean bareWhenMisshapen) {
            String misshapen = bareWhenMisshapen ? "The provided starting key is invalid" : INVALID_START;
            int expected = (int) Stream.concat(table.keySchema().names().stream(), keys.names().stream()).distinct().count();
            if (startKey.size() != expected) throw ApiException.validation(misshapen);
            for (KeyAttribute k : keys.attributes()) {
                Value v = startKey.get(k.name());
                if (v == null) throw ApiException.validation(misshapen);
                if (!v.type().equals(k.type())) throw ApiException.validation(INVALID_START);
            }
            for (KeyAttribute k : table.keySchema().attributes()) {
                Value v = startKey.get(k.name());
                if (v == null || !v.type().equals(k.type())) throw ApiException.validation(INVALID_START);
            }
            SortKey position = index.map(i -> i.positionOf(startKey, table.keySchema()))
                    .orElseGet(() -> table.positionOf(table.keySchema().keyOf(startKey)));
            return ItemStore.Position.of(startKey.get(keys.hash().name()), position);
        }
    }

    JsonNode query(JsonNode req) {
        Req.rejectLegacy(req, "KeyConditions", "QueryFilter", "AttributesToGet", "ConditionalOperator");
        ExpressionSupport ex = ExpressionSupport.of(req, "KeyConditionExpression", "FilterExpression", "ProjectionExpression");
        Request request = request(req, ex);
        Expressions.KeyConditions keyConditions = ex.keyConditions("KeyConditionExpression");
        ex.requireAllUsed();
        boolean forward = Req.bool(req, "ScanIndexForward", true);
        return db.withItemTable(request.tableName(), table -> {
            Read read = bind(request, table);
            Expressions.KeyCondition keyCondition = keyConditions.against(read.keys().hash().name(),
                    read.keys().range().map(KeyAttribute::name));
            if (!keyCondition.hashValue().type().equals(read.keys().hash().type())
                    || keyCondition.range().isPresent() && !rangeTypeMatches(keyCondition, read)) {
                throw ApiException.validation("One or more parameter values were invalid: Condition parameter type does not match schema type");
            }
            Optional<ItemStore.Position> start = request.startKey().map(k -> startOfQuery(read, k, keyCondition));
            request.projection().ifPresent(p -> KeyPaths.requireScalarKeys(p.paths(), table));
            request.filter().ifPresent(f -> f.paths().forEach(path -> {
                if (read.keys().names().contains(path.attribute())) {
                    throw ApiException.validation("Filter Expression can only contain non-primary key attributes: Primary key attribute: "
                            + path.attribute());
                }
            }));
            requireProjectedSelect(read);
            request.filter().ifPresent(f -> KeyPaths.requireScalarKeys(f.paths(), table));
            NavigableMap<ItemStore.Position, Map<String, Value>> partition = read.store().partition(keyCondition.hashValue());
            if (start.isPresent()) partition = forward ? partition.tailMap(start.get(), false) : partition.headMap(start.get(), false);
            if (!forward) partition = partition.descendingMap();
            Page page = new Page(Req.object().arrayNode());
            String rangeName = read.keys().range().map(KeyAttribute::name).orElse(null);
            for (Map<String, Value> item : partition.values()) {
                if (keyCondition.range().isPresent() && !keyCondition.range().get().test(item.get(rangeName))) continue;
                if (!read.visit(item, page)) break;
            }
            return respond(read, page, Req.object());
        });
    }

    private static boolean rangeTypeMatches(Expressions.KeyCondition keyCondition, Read read) {
        return keyCondition.range().get().values().stream().allMatch(v -> v.type().equals(read.keys().range().orElseThrow().type()));
    }

    /**
     * Where a Query's ExclusiveStartKey points, refused when it lies outside the key condition, with AWS's three
     * wordings (dynalite actions/query.js, written against DynamoDB).
     */
    private static ItemStore.Position startOfQuery(Read read, Map<String, Value> startKey, Expressions.KeyCondition keyCondition) {
        ItemStore.Position start = read.start(startKey, true);
        boolean samePartition = start.partition().equals(keyCondition.hashValue());
        if (keyCondition.range().isEmpty()) {
            if (!samePartition) {
                throw ApiException.validation("The provided starting key is outside query boundaries based on provided conditions");
            }
            return start;
        }
        Value range = startKey.get(read.keys().range().orElseThrow().name());
        if (!keyCondition.range().get().test(range)) {
            throw ApiException.validation("The provided starting key does not match the range key predicate");
        }
        if (!samePartition) throw ApiException.validation("The query can return at most one row and cannot be restarted");
        return start;
    }

    JsonNode scan(JsonNode req) {
        Req.rejectLegacy(req, "ScanFilter", "AttributesToGet", "ConditionalOperator");
        ExpressionSupport ex = ExpressionSupport.of(req, "FilterExpression", "ProjectionExpression");
        Optional<Integer> segment = Req.optInt(req, "Segment");
        Optional<Integer> totalSegments = Req.optInt(req, "TotalSegments");
        if (segment.isPresent() && totalSegments.isEmpty()) {
            throw ApiException.validation("The TotalSegments parameter is required but was not present in the request when Segment parameter is present");
        }
        if (totalSegments.isPresent() && segment.isEmpty()) {
            throw ApiException.validation("The Segment parameter is required but was not present in the request when parameter TotalSegments is present");
        }
        if (totalSegments.isPresent() && segment.get() >= totalSegments.get()) {
            throw ApiException.validation("The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: "
                    + segment.get() + " is not less than TotalSegments: " + totalSegments.get());
        }
        Request request = request(req, ex);
        ex.requireAllUsed();
        return db.withItemTable(request.tableName(), table -> {
            Read read = bind(request, table);
            Optional<ItemStore.Position> start = request.startKey().map(k -> read.start(k, read.index().isPresent()));
            requireProjectedSelect(read);
            start.ifPresent(s -> {
                if (totalSegments.isPresent() && segmentOf(s.partition(), totalSegments.get()) != segment.get()) {
                    // the key another segment returned (dynalite test/scan.js "ExclusiveStartKey is from different segment")
                    throw ApiException.validation("The provided starting key is invalid: Invalid ExclusiveStartKey. Please use "
                            + "ExclusiveStartKey with correct Segment. TotalSegments: " + totalSegments.get() + " Segment: " + segment.get());
                }
            });
            request.projection().ifPresent(p -> KeyPaths.requireScalarKeys(p.paths(), table));
            request.filter().ifPresent(f -> KeyPaths.requireScalarKeys(f.paths(), table));
            Page page = new Page(Req.object().arrayNode());
            var entries = start.map(s -> read.store().entries().tailMap(s, false)).orElse(read.store().entries());
            for (var entry : entries.entrySet()) {
                if (totalSegments.isPresent() && segmentOf(entry.getKey().partition(), totalSegments.get()) != segment.get()) continue;
                if (!read.visit(entry.getValue(), page)) break;
            }
            return respond(read, page, Req.object());
        });
    }

    /** The parallel-scan segment a partition belongs to: a hash of the partition key spread over the segments. */
    private static int segmentOf(Value partition, int totalSegments) {
        return Math.floorMod(partition.hashCode(), totalSegments);
    }

    /** The parts of a Query or Scan that do not depend on the table. */
    private Request request(JsonNode req, ExpressionSupport ex) {
        String tableName = Req.text(req, "TableName");
        Optional<String> indexName = Req.optText(req, "IndexName");
        boolean consistent = Req.bool(req, "ConsistentRead", false);
        boolean hasProjection = Req.has(req, "ProjectionExpression");
        String select = Req.oneOf(req, "Select",
                hasProjection ? "SPECIFIC_ATTRIBUTES" : indexName.isPresent() ? "ALL_PROJECTED_ATTRIBUTES" : "ALL_ATTRIBUTES",
                "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT");
        if (hasProjection && !select.equals("SPECIFIC_ATTRIBUTES")) {
            throw ApiException.validation("Cannot specify the ProjectionExpression when choosing to get " + select);
        }
        if (select.equals("SPECIFIC_ATTRIBUTES") && !hasProjection) {
            throw ApiException.validation("SPECIFIC_ATTRIBUTES needs a ProjectionExpression naming the attributes to return");
        }
        if (select.equals("ALL_PROJECTED_ATTRIBUTES") && indexName.isEmpty()) {
            throw ApiException.validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
        }
        Optional<Map<String, Value>> startKey = Req.has(req, "ExclusiveStartKey")
                ? Optional.of(startKey(req)) : Optional.empty();
        return new Request(tableName, indexName, consistent, select, ex.filter("FilterExpression"),
                ex.projection("ProjectionExpression"), Req.limit(req, Integer.MAX_VALUE), startKey, Capacity.of(req, db));
    }

    /**
     * An ExclusiveStartKey's values are checked like any attribute value; AWS adds "The provided starting key is
     * invalid: " to some of its messages and not to others (dynalite validations/query.js and scan.js).
     */
    private static Map<String, Value> startKey(JsonNode req) {
        try {
            return Req.item(req, "ExclusiveStartKey");
        } catch (ApiException e) {
            String message = e.getMessage();
            if (message.matches(".*(contains duplicates|number set|numeric value|significant digits|number with magnitude).*")) throw e;
            throw ApiException.validation("The provided starting key is invalid: " + message);
        }
    }

    /** The request bound to its table: the index must exist, and a global one cannot be read consistently. */
    private static Read bind(Request request, Table table) {
        Optional<Index> index = request.indexName().map(n -> table.index(n).orElseThrow(() -> ApiException.validation(
                "The table does not have the specified index: " + n)));
        if (request.consistent() && index.map(Index::global).orElse(false)) {
            throw ApiException.validation("Consistent reads are not supported on global secondary indexes");
        }
        return new Read(request, table, index, index.map(Index::keySchema).orElse(table.keySchema()),
                index.map(Index::store).orElse(table.items()));
    }

    private static void requireProjectedSelect(Read read) {
        read.index().filter(i -> i.global() && !i.projection().all() && read.request().select().equals("ALL_ATTRIBUTES"))
                .ifPresent(i -> {
                    throw ApiException.validation("One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported "
                            + "for global secondary index " + i.name() + " because its projection type is not ALL");
                });
    }

    private static JsonNode respond(Read read, Page page, ObjectNode response) {
        if (!read.request().select().equals("COUNT")) response.set("Items", page.items);
        response.put("Count", page.count);
        response.put("ScannedCount", page.scanned);
        if (page.cut && page.last != null) response.set("LastEvaluatedKey", Req.encode(read.lastEvaluatedKey(page.last)));
        Capacity capacity = read.request().capacity();
        capacity.read(read.table().name(), Capacity.readUnits(page.bytes, read.request().consistent()));
        capacity.addTo(response);
        return response;
    }
}
