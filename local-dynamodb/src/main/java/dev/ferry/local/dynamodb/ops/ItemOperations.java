package dev.ferry.local.dynamodb.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.dynamodb.ApiException;
import dev.ferry.local.dynamodb.expression.Expressions;
import dev.ferry.local.dynamodb.model.Value;
import dev.ferry.local.dynamodb.table.ItemKey;
import dev.ferry.local.dynamodb.table.Table;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * PutItem, GetItem, UpdateItem and DeleteItem. A write to an item that a TransactWriteItems holds fails
 * with TransactionConflictException instead of waiting, as on AWS; a GetItem reads the last committed item.
 */
final class ItemOperations {
    private final Database db;

    ItemOperations(Database db) {
        this.db = db;
    }

    JsonNode putItem(JsonNode req) {
        return writeReturningOld("PutItem", req, "Item", ItemAction.Put::of, Value::itemSize);
    }

    JsonNode deleteItem(JsonNode req) {
        return writeReturningOld("DeleteItem", req, "Key", (table, key, condition) -> new ItemAction.Delete(table, table.keyFrom(key), condition),
                key -> 0);
    }

    /** Turns the request's item (PutItem) or key (DeleteItem) into the one write to apply. */
    private interface SingleWrite {
        ItemAction action(Table table, Map<String, Value> attributes, Optional<Expressions.Condition> condition);
    }

    /**
     * PutItem and DeleteItem: one conditional write that may return the item it replaced (ReturnValues
     * ALL_OLD), charged for the larger of the written item ({@code writtenSize}) and the replaced one.
     */
    private JsonNode writeReturningOld(String operation, JsonNode req, String attributesMember, SingleWrite write,
                                       ToIntFunction<Map<String, Value>> writtenSize) {
        Req.rejectLegacy(req, "Expected", "ConditionalOperator");
        String tableName = Req.text(req, "TableName");
        Map<String, Value> attributes = Req.item(req, attributesMember);
        String returnValues = returnValues(req, "ALL_OLD", "NONE");
        boolean oldOnFailure = returnOldOnFailure(req);
        Capacity capacity = Capacity.of(req, db);
        // an item too large is refused before its table is looked up (dynalite test/batchWriteItem.js, recorded on DynamoDB)
        if (writtenSize.applyAsInt(attributes) > Table.MAX_ITEM_BYTES) throw ApiException.validation("Item size has exceeded the maximum allowed size");
        ExpressionSupport ex = ExpressionSupport.of(req, "ConditionExpression");
        var condition = ex.condition("ConditionExpression");
        ex.requireAllUsed();
        return db.withItemTable(tableName, table -> {
            ItemAction action = write.action(table, attributes, condition);
            requireNoTransaction(operation, action);
            Optional<Map<String, Value>> old = apply(action, oldOnFailure);
            ObjectNode response = Req.object();
            if (returnValues.equals("ALL_OLD")) old.ifPresent(o -> response.set("Attributes", Req.encode(o)));
            capacity.write(tableName, Capacity.writeUnits(Math.max(writtenSize.applyAsInt(attributes), old.map(Value::itemSize).orElse(0))));
            capacity.addTo(response);
            return response;
        });
    }

    JsonNode updateItem(JsonNode req) {
        Req.rejectLegacy(req, "Expected", "ConditionalOperator", "AttributeUpdates");
        String tableName = Req.text(req, "TableName");
        Map<String, Value> keyMap = Req.item(req, "Key");
        String returnValues = returnValues(req, "NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW");
        boolean oldOnFailure = returnOldOnFailure(req);
        Capacity capacity = Capacity.of(req, db);
        ExpressionSupport ex = ExpressionSupport.of(req, "ConditionExpression", "UpdateExpression");
        var update = ex.update("UpdateExpression");
        var condition = ex.condition("ConditionExpression");
        ex.requireAllUsed();
        return db.withItemTable(tableName, table -> {
            var action = ItemAction.Update.of(table, keyMap, update, condition);
            requireNoTransaction("UpdateItem", action);
            Optional<Map<String, Value>> old = table.get(action.key());
            requireCondition(action, old, oldOnFailure);
            Optional<Map<String, Value>> written = action.next(old);
            table.write(action.key(), written, false, db.now());
            Map<String, Value> next = written.orElse(Map.of());
            ObjectNode response = Req.object();
            Map<String, Value> attributes = switch (returnValues) {
                case "ALL_OLD" -> old.orElse(Map.of());
                case "ALL_NEW" -> next;
                case "UPDATED_OLD" -> old.map(o -> Expressions.Projection.ofPaths(targets(action)).apply(o)).orElse(Map.of());
                case "UPDATED_NEW" -> Expressions.Projection.ofPaths(targets(action)).apply(next);
                default -> Map.of();
            };
            if (!attributes.isEmpty()) response.set("Attributes", Req.encode(attributes));
            capacity.write(tableName, Capacity.writeUnits(Math.max(Value.itemSize(next), old.map(Value::itemSize).orElse(0))));
            capacity.addTo(response);
            return response;
        });
    }

    JsonNode getItem(JsonNode req) {
        Req.rejectLegacy(req, "AttributesToGet");
        String tableName = Req.text(req, "TableName");
        Map<String, Value> keyMap = Req.item(req, "Key");
        boolean consistent = Req.bool(req, "ConsistentRead", false);
        Capacity capacity = Capacity.of(req, db);
        ExpressionSupport ex = ExpressionSupport.of(req, "ProjectionExpression");
        var projection = ex.projection("ProjectionExpression");
        ex.requireAllUsed();
        return db.withItemTable(tableName, table -> {
            ItemKey key = table.keyFrom(keyMap);
            projection.ifPresent(p -> KeyPaths.requireScalarKeys(p.paths(), table));
            Optional<Map<String, Value>> item = table.get(key);
            ObjectNode response = Req.object();
            item.map(i -> projection.map(p -> p.apply(i)).orElse(i))
                    .ifPresent(i -> response.set("Item", Req.encode(i)));
            capacity.read(tableName, Capacity.readUnits(item.map(Value::itemSize).orElse(0), consistent));
            capacity.addTo(response);
            return response;
        });
    }

    private static List<dev.ferry.local.dynamodb.expression.DocumentPath> targets(ItemAction.Update action) {
        return action.update().map(u -> u.targets()).orElse(List.of());
    }

    /** Applies a single write, or fails with ConditionalCheckFailedException. Returns the previous item. */
    private Optional<Map<String, Value>> apply(ItemAction action, boolean oldOnFailure) {
        Optional<Map<String, Value>> old = action.table().get(action.key());
        requireCondition(action, old, oldOnFailure);
        return action.table().write(action.key(), action.next(old), false, db.now());
    }

    /** Fails with TransactionConflictException when a transaction holds the item (or the fault plan says one does). */
    private void requireNoTransaction(String operation, ItemAction action) {
        if (db.inFlight().isTaken(action.table(), action.key())) {
            db.faults().countTransactionConflict();
            throw Conflicts.exception();
        }
        if (db.faults().injectConflict(operation, action.table().name())) throw Conflicts.exception();
    }

    static void requireCondition(ItemAction action, Optional<Map<String, Value>> old, boolean oldOnFailure) {
        if (action.conditionHolds(old)) return;
        if (oldOnFailure && old.isPresent()) {
            ObjectNode details = Req.object();
            details.set("Item", Req.encode(old.get()));
            throw new DetailedApiException("ConditionalCheckFailedException", 400, "The conditional request failed", details);
        }
        throw ApiException.conditionalCheckFailed();
    }

    static boolean returnOldOnFailure(JsonNode req) {
        return Req.oneOf(req, "ReturnValuesOnConditionCheckFailure", "NONE", "ALL_OLD", "NONE").equals("ALL_OLD");
    }

    private static String returnValues(JsonNode req, String... allowed) {
        String v = Req.oneOf(req, "ReturnValues", "NONE", "NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW");
        for (String a : allowed) if (a.equals(v)) return v;
        // PutItem and DeleteItem: "ReturnValues can only be ALL_OLD or NONE" (dynalite validations/putItem.js, test/deleteItem.js)
        throw ApiException.validation("ReturnValues can only be " + String.join(" or ", allowed));
    }
}
