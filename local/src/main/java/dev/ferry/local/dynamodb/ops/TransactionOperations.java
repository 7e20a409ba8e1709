package dev.ferry.local.dynamodb.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.dynamodb.ApiException;
import dev.ferry.local.dynamodb.expression.Expressions;
import dev.ferry.local.dynamodb.model.Value;
import dev.ferry.local.dynamodb.table.Table;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * TransactWriteItems and TransactGetItems: all tables involved are locked (in name order) for the whole
 * transaction, every condition is checked first, then every write is applied, or none is.
 */
final class TransactionOperations {
    static final int MAX_ITEMS = 100;
    static final long MAX_AGGREGATE_BYTES = 4L * 1024 * 1024;

    private final Database db;

    TransactionOperations(Database db) {
        this.db = db;
    }

    /** One element of TransactItems before the tables are locked: its kind and its parsed expressions. */
    private record Parsed(String kind, JsonNode spec, String tableName, Optional<Expressions.Condition> condition,
                          Optional<Expressions.Update> update, boolean oldOnFailure) {}

    JsonNode transactWriteItems(JsonNode req) {
        JsonNode items = transactItems(req);
        Optional<String> token = Req.optText(req, "ClientRequestToken");
        token.ifPresent(t -> {
            if (t.isEmpty() || t.length() > 36) {
                throw ApiException.validation("1 validation error detected: Value '" + t
                        + "' at 'clientRequestToken' failed to satisfy constraint: Member must have length less than or equal to 36");
            }
        });
        String fingerprint = fingerprint(req);
        Capacity capacity = Capacity.of(req);
        List<Parsed> parsed = new ArrayList<>();
        for (JsonNode element : items) parsed.add(parseWrite(element));
        Set<String> tableNames = new LinkedHashSet<>();
        parsed.forEach(p -> tableNames.add(p.tableName()));
        return db.withTables(tableNames, tables -> {
            ObjectNode response = Req.object();
            if (token.isPresent() && db.transactionTokens().isRepeat(token.get(), fingerprint)) {
                return response;
            }
            List<ItemAction> actions = new ArrayList<>();
            Set<List<Object>> seen = new HashSet<>();
            for (Parsed p : parsed) {
                ItemAction action = toAction(p, tables.get(p.tableName()));
                if (!seen.add(List.of(p.tableName(), action.key()))) {
                    throw ApiException.validation("Transaction request cannot include multiple operations on one item");
                }
                actions.add(action);
            }
            List<Optional<Map<String, Value>>> next = new ArrayList<>();
            ArrayNode reasons = Req.object().arrayNode();
            boolean cancelled = false;
            List<String> codes = new ArrayList<>();
            for (int i = 0; i < actions.size(); i++) {
                ItemAction action = actions.get(i);
                Optional<Map<String, Value>> old = action.table().get(action.key());
                ObjectNode reason = reasons.addObject();
                if (!action.conditionHolds(old)) {
                    cancelled = true;
                    reason.put("Code", "ConditionalCheckFailed");
                    reason.put("Message", "The conditional request failed");
                    if (parsed.get(i).oldOnFailure()) old.ifPresent(o -> reason.set("Item", Req.encode(o)));
                    next.add(old);
                } else {
                    try {
                        next.add(action.next(old));
                        reason.put("Code", "None");
                    } catch (ApiException e) {
                        cancelled = true;
                        reason.put("Code", "ValidationError");
                        reason.put("Message", e.getMessage());
                        next.add(old);
                    }
                }
                codes.add(reason.get("Code").asText());
            }
            long aggregate = 0;
            for (var item : next) aggregate += item.map(Value::itemSize).orElse(0);
            if (aggregate > MAX_AGGREGATE_BYTES) {
                throw ApiException.validation("Transaction request cannot be larger than 4 MB: its items add up to " + aggregate + " bytes");
            }
            if (cancelled) {
                ObjectNode details = Req.object();
                details.set("CancellationReasons", reasons);
                throw new DetailedApiException("TransactionCanceledException", 400,
                        "Transaction cancelled, please refer cancellation reasons for specific reasons " + codes, details);
            }
            for (int i = 0; i < actions.size(); i++) {
                ItemAction action = actions.get(i);
                if (!action.writes()) {
                    capacity.read(action.table().name(), 2 * Capacity.readUnits(next.get(i).map(Value::itemSize).orElse(0), true));
                    continue;
                }
                Optional<Map<String, Value>> old = action.table().write(action.key(), next.get(i), false, db.now());
                long bytes = Math.max(next.get(i).map(Value::itemSize).orElse(0), old.map(Value::itemSize).orElse(0));
                capacity.write(action.table().name(), 2 * Capacity.writeUnits(bytes));
            }
            token.ifPresent(t -> db.transactionTokens().remember(t, fingerprint));
            capacity.addListTo(response);
            return response;
        });
    }

    private static Parsed parseWrite(JsonNode element) {
        List<String> kinds = new ArrayList<>();
        for (String k : List.of("ConditionCheck", "Put", "Delete", "Update")) if (Req.has(element, k)) kinds.add(k);
        if (kinds.size() != 1) {
            throw ApiException.validation("TransactItems can only contain one of Check, Put, Update or Delete");
        }
        String kind = kinds.getFirst();
        JsonNode spec = element.get(kind);
        String tableName = Req.text(spec, "TableName");
        boolean oldOnFailure = ItemOperations.returnOldOnFailure(spec);
        return switch (kind) {
            case "ConditionCheck" -> {
                ExpressionSupport ex = ExpressionSupport.of(spec, "ConditionExpression");
                var condition = ex.condition("ConditionExpression");
                if (condition.isEmpty()) throw ApiException.validation("A ConditionCheck needs a ConditionExpression");
                ex.requireAllUsed();
                yield new Parsed(kind, spec, tableName, condition, Optional.empty(), oldOnFailure);
            }
            case "Update" -> {
                ExpressionSupport ex = ExpressionSupport.of(spec, "ConditionExpression", "UpdateExpression");
                var update = ex.update("UpdateExpression");
                if (update.isEmpty()) throw ApiException.validation("An Update in TransactItems needs an UpdateExpression");
                var condition = ex.condition("ConditionExpression");
                ex.requireAllUsed();
                yield new Parsed(kind, spec, tableName, condition, update, oldOnFailure);
            }
            default -> {
                ExpressionSupport ex = ExpressionSupport.of(spec, "ConditionExpression");
                var condition = ex.condition("ConditionExpression");
                ex.requireAllUsed();
                yield new Parsed(kind, spec, tableName, condition, Optional.empty(), oldOnFailure);
            }
        };
    }

    private static ItemAction toAction(Parsed p, Table table) {
        return switch (p.kind()) {
            case "ConditionCheck" -> new ItemAction.Check(table, table.keyFrom(Req.item(p.spec(), "Key")), p.condition());
            case "Put" -> ItemAction.Put.of(table, Req.item(p.spec(), "Item"), p.condition());
            case "Delete" -> new ItemAction.Delete(table, table.keyFrom(Req.item(p.spec(), "Key")), p.condition());
            default -> ItemAction.Update.of(table, Req.item(p.spec(), "Key"), p.update(), p.condition());
        };
    }

    JsonNode transactGetItems(JsonNode req) {
        JsonNode items = transactItems(req);
        Capacity capacity = Capacity.of(req);
        List<JsonNode> gets = new ArrayList<>();
        List<Optional<Expressions.Projection>> projections = new ArrayList<>();
        Set<String> tableNames = new LinkedHashSet<>();
        for (JsonNode element : items) {
            JsonNode get = element.get("Get");
            if (get == null || element.size() != 1) throw ApiException.validation("TransactGetItems can only contain Get");
            ExpressionSupport ex = ExpressionSupport.of(get, "ProjectionExpression");
            projections.add(ex.projection("ProjectionExpression"));
            ex.requireAllUsed();
            gets.add(get);
            tableNames.add(Req.text(get, "TableName"));
        }
        return db.withTables(tableNames, tables -> {
            ObjectNode response = Req.object();
            ArrayNode responses = response.putArray("Responses");
            Set<List<Object>> seen = new HashSet<>();
            List<Optional<Map<String, Value>>> found = new ArrayList<>();
            for (JsonNode get : gets) {
                Table table = tables.get(get.get("TableName").asText());
                var key = table.keyFrom(Req.item(get, "Key"));
                if (!seen.add(List.of(table.name(), key))) {
                    throw ApiException.validation("Transaction request cannot include multiple operations on one item");
                }
                found.add(table.get(key));
                capacity.read(table.name(), 2 * Capacity.readUnits(found.getLast().map(Value::itemSize).orElse(0), true));
            }
            for (int i = 0; i < found.size(); i++) {
                ObjectNode r = responses.addObject();
                var projection = projections.get(i);
                found.get(i).map(item -> projection.map(p -> p.apply(item)).orElse(item))
                        .ifPresent(item -> r.set("Item", Req.encode(item)));
            }
            capacity.addListTo(response);
            return response;
        });
    }

    private static JsonNode transactItems(JsonNode req) {
        JsonNode items = req.get("TransactItems");
        if (items == null || !items.isArray() || items.isEmpty()) {
            throw ApiException.validation("1 validation error detected: Value null at 'transactItems' failed to satisfy constraint: Member must not be null");
        }
        if (items.size() > MAX_ITEMS) {
            throw ApiException.validation("1 validation error detected: Value '[...]' at 'transactItems' failed to satisfy constraint: "
                    + "Member must have length less than or equal to 100");
        }
        return items;
    }

    /** The request without its capacity flags: what must match for a repeated ClientRequestToken. */
    private static String fingerprint(JsonNode req) {
        ObjectNode copy = req.deepCopy();
        copy.remove("ReturnConsumedCapacity");
        copy.remove("ReturnItemCollectionMetrics");
        return copy.toString();
    }
}
