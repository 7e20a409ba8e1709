package dev.ferry.local.dynamodb.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.dynamodb.ApiException;
import dev.ferry.local.dynamodb.expression.Expressions;
import dev.ferry.local.dynamodb.model.Value;
import dev.ferry.local.dynamodb.model.ValueJson;
import dev.ferry.local.dynamodb.table.ItemKey;
import dev.ferry.local.dynamodb.table.Table;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * BatchWriteItem (at most 25 writes) and BatchGetItem (at most 100 keys). The whole request is validated
 * before anything is written; each write is atomic on its own, the batch is not, as on AWS.
 *
 * <p>An item that cannot be served now comes back unprocessed ({@code UnprocessedItems}/{@code UnprocessedKeys})
 * for the caller to retry: a throttled item, as AWS documents ("if all ... operations fail, then the entire
 * BatchGetItem fails", https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html#Programming.Errors.BatchOperations,
 * so a batch whose every item is throttled fails with ProvisionedThroughputExceededException), and a write
 * to an item a transaction holds (AWS keeps each write of a batch serialisable with transactions but does
 * not document how it answers that case; unprocessed is the batch's own way of saying "not now").
 */
final class BatchOperations {
    static final int MAX_WRITES = 25;
    static final int MAX_GETS = 100;
    static final long MAX_GET_BYTES = 16L * 1024 * 1024;

    private final Database db;

    BatchOperations(Database db) {
        this.db = db;
    }

    /** One write request of a batch, its attributes decoded before any table is looked up. */
    private record Write(String table, JsonNode request, boolean put, Map<String, Value> attributes) {}

    JsonNode batchWriteItem(JsonNode req) {
        JsonNode requestItems = requestItems(req, "BatchWriteItem");
        List<Write> writes = new ArrayList<>();
        requestItems.properties().forEach(e -> e.getValue().forEach(w -> writes.add(decodeWrite(e.getKey(), w))));
        if (writes.size() > MAX_WRITES) throw ApiException.validation("Too many items requested for the BatchWriteItem call");
        Capacity capacity = Capacity.of(req, db);
        List<String> tableNames = new ArrayList<>();
        requestItems.fieldNames().forEachRemaining(tableNames::add);
        // every table must exist before duplicates are looked for (dynalite test/batchWriteItem.js
        // "should check table exists first before checking for duplicate keys", recorded on DynamoDB)
        return db.withItemTables(tableNames, tables -> {
            List<ItemAction> actions = new ArrayList<>();
            List<JsonNode> requests = new ArrayList<>();
            Set<List<Object>> seen = new HashSet<>();
            for (Write write : writes) {
                ItemAction action = toAction(tables.get(write.table()), write);
                if (!seen.add(List.of(write.table(), action.key()))) {
                    throw ApiException.validation("Provided list of item keys contains duplicates");
                }
                actions.add(action);
                requests.add(write.request());
            }
            ObjectNode response = Req.object();
            ObjectNode unprocessed = response.putObject("UnprocessedItems");
            int throttled = 0;
            for (int i = 0; i < actions.size(); i++) {
                ItemAction action = actions.get(i);
                Table table = action.table();
                boolean throttle = db.faults().injectThrottle("BatchWriteItem", table.name());
                if (throttle || db.inFlight().isTaken(table, action.key())) {
                    if (throttle) throttled++;
                    JsonNode original = requests.get(i);
                    (unprocessed.has(table.name()) ? (ArrayNode) unprocessed.get(table.name()) : unprocessed.putArray(table.name()))
                            .add(original.deepCopy());
                    continue;
                }
                Optional<Map<String, Value>> next = action.next(Optional.empty());
                Optional<Map<String, Value>> old = table.write(action.key(), next, false, db.now());
                long bytes = Math.max(next.map(Value::itemSize).orElse(0), old.map(Value::itemSize).orElse(0));
                capacity.write(table.name(), Capacity.writeUnits(bytes));
            }
            if (throttled == actions.size()) throw Throttling.exception(actions.getFirst().table(), Throttling.Access.WRITE);
            capacity.addListTo(response);
            return response;
        });
    }

    /**
     * A write request's attributes, checked as AWS checks them before any table: an empty request is refused with
     * AWS's (odd) "more than one datatypes" sentence (dynalite validations/batchWriteItem.js and
     * test/batchWriteItem.js "empty item in RequestItems", recorded on DynamoDB), an item too large too.
     */
    private static Write decodeWrite(String table, JsonNode write) {
        boolean put = write.has("PutRequest");
        boolean delete = write.has("DeleteRequest");
        if (!put && !delete) {
            throw ApiException.validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
        }
        if (put && delete) throw ApiException.validation("Each WriteRequest must contain exactly one of PutRequest or DeleteRequest");
        Map<String, Value> attributes = put ? Req.item(write.get("PutRequest"), "Item") : Req.item(write.get("DeleteRequest"), "Key");
        if (put && Value.itemSize(attributes) > Table.MAX_ITEM_BYTES) {
            throw ApiException.validation("Item size has exceeded the maximum allowed size");
        }
        return new Write(table, write, put, attributes);
    }

    /**
     * The write against its table. A put's key is checked like a delete's: a missing or mistyped key attribute is
     * "The provided key element does not match the schema" (dynamodb-conformance
     * tests/tier3/error-messages/batchWriteItem.test.ts), unlike PutItem's "Missing the key" wording.
     */
    private static ItemAction toAction(Table table, Write write) {
        if (!write.put()) return new ItemAction.Delete(table, table.keyFrom(write.attributes()), Optional.empty());
        table.keyFrom(table.keySchema().project(write.attributes()));
        return ItemAction.Put.of(table, write.attributes(), Optional.empty());
    }

    JsonNode batchGetItem(JsonNode req) {
        JsonNode requestItems = requestItems(req, "BatchGetItem");
        Capacity capacity = Capacity.of(req, db);
        List<String> tableNames = new ArrayList<>();
        requestItems.fieldNames().forEachRemaining(tableNames::add);
        Map<String, Optional<Expressions.Projection>> projections = new LinkedHashMap<>();
        Map<String, List<Map<String, Value>>> requested = new LinkedHashMap<>();
        int total = 0;
        for (String name : tableNames) {
            JsonNode spec = requestItems.get(name);
            Req.rejectLegacy(spec, "AttributesToGet");
            ExpressionSupport ex = ExpressionSupport.of(spec, "ProjectionExpression");
            projections.put(name, ex.projection("ProjectionExpression"));
            ex.requireAllUsed();
            // duplicates and the total are refused before any table is looked up (dynalite validations/batchGetItem.js)
            List<Map<String, Value>> keys = new ArrayList<>();
            for (JsonNode k : spec.get("Keys")) {
                Map<String, Value> key = ValueJson.decodeMap(k);
                if (keys.contains(key)) throw ApiException.validation("Provided list of item keys contains duplicates");
                keys.add(key);
                if (++total > MAX_GETS) throw ApiException.validation("Too many items requested for the BatchGetItem call");
            }
            requested.put(name, keys);
        }
        return db.withItemTables(tableNames, tables -> {
            Map<String, List<ItemKey>> keysByTable = new LinkedHashMap<>();
            for (String name : tableNames) {
                List<ItemKey> keys = new ArrayList<>();
                for (Map<String, Value> k : requested.get(name)) keys.add(tables.get(name).keyFrom(k));
                keysByTable.put(name, keys);
            }
            projections.forEach((name, p) -> p.ifPresent(projection -> KeyPaths.requireScalarKeys(projection.paths(), tables.get(name))));
            ObjectNode response = Req.object();
            ObjectNode responses = response.putObject("Responses");
            ObjectNode unprocessed = response.putObject("UnprocessedKeys");
            long bytes = 0;
            int keys = 0;
            int throttled = 0;
            Table firstTable = tables.get(tableNames.getFirst());
            for (String name : tableNames) {
                Table table = tables.get(name);
                JsonNode spec = requestItems.get(name);
                boolean consistent = Req.bool(spec, "ConsistentRead", false);
                ArrayNode found = responses.putArray(name);
                ArrayNode left = null;
                for (ItemKey key : keysByTable.get(name)) {
                    keys++;
                    boolean throttle = bytes <= MAX_GET_BYTES && db.faults().injectThrottle("BatchGetItem", name);
                    if (throttle) throttled++;
                    if (bytes > MAX_GET_BYTES || throttle) {
                        if (left == null) {
                            ObjectNode rest = spec.deepCopy();
                            left = rest.putArray("Keys");
                            unprocessed.set(name, rest);
                        }
                        left.add(Req.encode(table.keySchema().project(keyMap(table, key))));
                        continue;
                    }
                    Optional<Map<String, Value>> item = table.get(key);
                    if (item.isPresent()) {
                        bytes += Value.itemSize(item.get());
                        found.add(Req.encode(projections.get(name).map(p -> p.apply(item.get())).orElse(item.get())));
                    }
                    capacity.read(name, Capacity.readUnits(item.map(Value::itemSize).orElse(0), consistent));
                }
            }
            if (throttled == keys) throw Throttling.exception(firstTable, Throttling.Access.READ);
            capacity.addListTo(response);
            return response;
        });
    }

    /** The key attributes of an item, as a request names them. */
    static Map<String, Value> keyMap(Table table, ItemKey key) {
        Map<String, Value> m = new LinkedHashMap<>();
        m.put(table.keySchema().hash().name(), key.hash());
        table.keySchema().range().ifPresent(r -> m.put(r.name(), key.range().orElseThrow()));
        return m;
    }

    /**
     * The request map, present (a member constraint) and not empty: "The requestItems parameter is required for
     * BatchWriteItem" (dynamodb-conformance tests/tier3/error-messages/batchWriteItem.test.ts; some regions now
     * answer the validation framework's generic sentence instead).
     */
    private static JsonNode requestItems(JsonNode req, String operation) {
        JsonNode items = req.get("RequestItems");
        if (items == null || !items.isObject() || items.isEmpty()) {
            throw ApiException.validation("The requestItems parameter is required for " + operation);
        }
        return items;
    }
}
