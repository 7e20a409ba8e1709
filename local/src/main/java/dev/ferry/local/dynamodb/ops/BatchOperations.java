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

    JsonNode batchWriteItem(JsonNode req) {
        JsonNode requestItems = requestItems(req);
        int total = 0;
        for (JsonNode writes : requestItems) {
            if (!writes.isArray() || writes.isEmpty()) {
                throw ApiException.validation("1 validation error detected: Value at 'requestItems' failed to satisfy constraint: "
                        + "Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]");
            }
            total += writes.size();
        }
        if (total > MAX_WRITES) {
            throw ApiException.validation("1 validation error detected: Value at 'requestItems' failed to satisfy constraint: "
                    + "Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]");
        }
        Capacity capacity = Capacity.of(req);
        List<String> tableNames = new ArrayList<>();
        requestItems.fieldNames().forEachRemaining(tableNames::add);
        return db.withTables(tableNames, tables -> {
            List<ItemAction> actions = new ArrayList<>();
            List<JsonNode> requests = new ArrayList<>();
            Set<List<Object>> seen = new HashSet<>();
            for (String name : tableNames) {
                Table table = tables.get(name);
                for (JsonNode write : requestItems.get(name)) {
                    ItemAction action = parseWrite(table, write);
                    if (!seen.add(List.of(name, action.key()))) {
                        throw ApiException.validation("Provided list of item keys contains duplicates");
                    }
                    actions.add(action);
                    requests.add(write);
                }
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

    private static ItemAction parseWrite(Table table, JsonNode write) {
        boolean put = write.has("PutRequest");
        boolean delete = write.has("DeleteRequest");
        if (put == delete) {
            throw ApiException.validation("Each WriteRequest must contain exactly one of PutRequest or DeleteRequest");
        }
        if (put) return ItemAction.Put.of(table, Req.item(write.get("PutRequest"), "Item"), Optional.empty());
        return new ItemAction.Delete(table, table.keyFrom(Req.item(write.get("DeleteRequest"), "Key")), Optional.empty());
    }

    JsonNode batchGetItem(JsonNode req) {
        JsonNode requestItems = requestItems(req);
        int total = 0;
        for (JsonNode spec : requestItems) {
            Req.rejectLegacy(spec, "AttributesToGet");
            JsonNode keys = spec.get("Keys");
            if (keys == null || !keys.isArray() || keys.isEmpty()) {
                throw ApiException.validation("1 validation error detected: Value at 'requestItems' failed to satisfy constraint: "
                        + "Map value must satisfy constraint: [Member must have length less than or equal to 100, Member must have length greater than or equal to 1]");
            }
            total += keys.size();
        }
        if (total > MAX_GETS) throw ApiException.validation("Too many items requested for the BatchGetItem call");
        Capacity capacity = Capacity.of(req);
        List<String> tableNames = new ArrayList<>();
        requestItems.fieldNames().forEachRemaining(tableNames::add);
        Map<String, Optional<Expressions.Projection>> projections = new LinkedHashMap<>();
        for (String name : tableNames) {
            JsonNode spec = requestItems.get(name);
            ExpressionSupport ex = ExpressionSupport.of(spec, "ProjectionExpression");
            projections.put(name, ex.projection("ProjectionExpression"));
            ex.requireAllUsed();
        }
        return db.withTables(tableNames, tables -> {
            Map<String, List<ItemKey>> keysByTable = new LinkedHashMap<>();
            for (String name : tableNames) {
                Set<ItemKey> seen = new HashSet<>();
                List<ItemKey> keys = new ArrayList<>();
                for (JsonNode k : requestItems.get(name).get("Keys")) {
                    ItemKey key = tables.get(name).keyFrom(ValueJson.decodeMap(k));
                    if (!seen.add(key)) throw ApiException.validation("Provided list of item keys contains duplicates");
                    keys.add(key);
                }
                keysByTable.put(name, keys);
            }
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

    private static JsonNode requestItems(JsonNode req) {
        JsonNode items = req.get("RequestItems");
        if (items == null || !items.isObject() || items.isEmpty()) {
            throw ApiException.validation("1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: "
                    + "Member must have length greater than or equal to 1");
        }
        return items;
    }
}
