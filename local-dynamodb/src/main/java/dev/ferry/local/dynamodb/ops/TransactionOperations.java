package dev.ferry.local.dynamodb.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.dynamodb.ApiException;
import dev.ferry.local.dynamodb.expression.Expressions;
import dev.ferry.local.dynamodb.faults.HeldTransaction;
import dev.ferry.local.dynamodb.faults.TransactionHold;
import dev.ferry.local.dynamodb.model.Value;
import dev.ferry.local.dynamodb.table.ItemKey;
import dev.ferry.local.dynamodb.table.Table;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * TransactWriteItems and TransactGetItems, with DynamoDB's item-level conflict handling
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-conflict-handling).
 *
 * <p>A TransactWriteItems runs in three steps. Under its tables' locks it checks every item (throttled?
 * held by another transaction? condition holds? result valid?) and, if all may go ahead, takes them
 * ({@link InFlightItems}). It lets go of the locks and waits for the {@link TransactionHold} (none unless
 * faults ask for one). Then, under the same locks again, it applies every write and releases the items.
 * Meanwhile nothing else can change its items: a single-item write conflicts
 * (TransactionConflictException), another transaction is cancelled with reason {@code TransactionConflict},
 * a TransactGetItems of the item too, a batch leaves the item unprocessed, the TTL sweeper passes it by.
 * Conflicting work is refused instead of waiting, as on AWS, and everything stays serialisable.
 */
final class TransactionOperations {
    static final int MAX_ITEMS = 100;
    static final long MAX_AGGREGATE_BYTES = 4L * 1024 * 1024;
    private static final String WRITE = "TransactWriteItems";
    private static final String GET = "TransactGetItems";

    private final Database db;

    TransactionOperations(Database db) {
        this.db = db;
    }

    /** One element of TransactItems before the tables are locked: its kind and its parsed expressions. */
    private record Parsed(String kind, JsonNode spec, String tableName, Optional<Expressions.Condition> condition,
                          Optional<Expressions.Update> update, boolean oldOnFailure, Map<String, Value> attributes) {}

    /** A transaction that has taken its items: what it will apply, and what it must release. */
    private record Taken(long id, List<Parsed> parsed, List<ItemAction> actions, List<InFlightItems.Item> items,
                         Collection<Table> tables) {}

    /** What the first step, under the tables' locks, came to. */
    private sealed interface Preparation {
        /** The ClientRequestToken's request already succeeded: answer without writing. */
        record Repeat() implements Preparation {}

        /** Every item may go ahead and is now taken. */
        record Ready(Taken taken) implements Preparation {}
    }

    /** Each item's cancellation reason ({@code None} when it may go ahead) and the item it leaves behind. */
    private record Evaluation(ArrayNode reasons, List<String> codes, List<Optional<Map<String, Value>>> next) {
        boolean cancelled() {
            return codes.stream().anyMatch(c -> !c.equals("None"));
        }
    }

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
        Capacity capacity = Capacity.of(req, db);
        List<Parsed> parsed = new ArrayList<>();
        for (JsonNode element : items) parsed.add(parseWrite(element));
        Set<String> tableNames = new LinkedHashSet<>();
        parsed.forEach(p -> tableNames.add(p.tableName()));
        long id = db.nextTransactionId();
        Preparation preparation = db.withItemTables(tableNames, tables -> prepare(id, parsed, tables, token, fingerprint));
        return switch (preparation) {
            case Preparation.Repeat repeat -> Req.object();
            case Preparation.Ready ready -> holdAndCommit(ready.taken(), capacity, token, fingerprint);
        };
    }

    /** Step one, under the tables' locks: checks every item and takes them all, or cancels. */
    private Preparation prepare(long id, List<Parsed> parsed, Map<String, Table> tables, Optional<String> token, String fingerprint) {
        if (token.isPresent() && db.transactionTokens().begin(token.get(), fingerprint)) {
            return new Preparation.Repeat();
        }
        try {
            List<ItemAction> actions = new ArrayList<>();
            Set<List<Object>> seen = new HashSet<>();
            for (Parsed p : parsed) {
                ItemAction action = toAction(p, tables.get(p.tableName()));
                if (!seen.add(List.of(p.tableName(), action.key()))) {
                    throw ApiException.validation("Transaction request cannot include multiple operations on one item");
                }
                actions.add(action);
            }
            Evaluation evaluation = evaluate(parsed, actions, true);
            long aggregate = 0;
            for (var item : evaluation.next()) aggregate += item.map(Value::itemSize).orElse(0);
            if (aggregate > MAX_AGGREGATE_BYTES) {
                throw ApiException.validation("Transaction request cannot be larger than 4 MB: its items add up to " + aggregate + " bytes");
            }
            if (evaluation.cancelled()) throw cancellation(evaluation.reasons(), evaluation.codes());
            List<InFlightItems.Item> held = actions.stream().map(a -> new InFlightItems.Item(a.table(), a.key())).toList();
            db.inFlight().take(id, held);
            return new Preparation.Ready(new Taken(id, parsed, actions, held, tables.values()));
        } catch (RuntimeException e) {
            token.ifPresent(db.transactionTokens()::end);
            throw e;
        }
    }

    /** Steps two and three: waits for the hold, then applies under the locks; the items are released whatever happens. */
    private JsonNode holdAndCommit(Taken taken, Capacity capacity, Optional<String> token, String fingerprint) {
        try {
            hold(taken);
            return db.withSameTables(taken.tables(), locked -> commit(taken, capacity, token, fingerprint));
        } finally {
            db.inFlight().release(taken.id(), taken.items());
            token.ifPresent(db.transactionTokens()::end);
        }
    }

    private void hold(Taken taken) {
        List<HeldTransaction.Item> items = taken.items().stream()
                .map(i -> new HeldTransaction.Item(i.table().name(), Req.encode(BatchOperations.keyMap(i.table(), i.key())).toString()))
                .toList();
        try {
            db.faults().transactionHold().hold(new HeldTransaction(taken.id(), items));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("InternalServerError", 500,
                    "The transaction was interrupted while it held its items (is the emulator stopping?); nothing was written");
        }
    }

    /** Step three, under the tables' locks: applies every write and releases the items. */
    private JsonNode commit(Taken taken, Capacity capacity, Optional<String> token, String fingerprint) {
        // The items were held since step one, so nothing changed them; checking again keeps the conditions the only judge.
        Evaluation evaluation = evaluate(taken.parsed(), taken.actions(), false);
        if (evaluation.cancelled()) throw cancellation(evaluation.reasons(), evaluation.codes());
        List<ItemAction> actions = taken.actions();
        for (int i = 0; i < actions.size(); i++) {
            ItemAction action = actions.get(i);
            Optional<Map<String, Value>> next = evaluation.next().get(i);
            if (!action.writes()) {
                capacity.read(action.table().name(), 2 * Capacity.readUnits(next.map(Value::itemSize).orElse(0), true));
                continue;
            }
            Optional<Map<String, Value>> old = action.table().write(action.key(), next, false, db.now());
            long bytes = Math.max(next.map(Value::itemSize).orElse(0), old.map(Value::itemSize).orElse(0));
            capacity.write(action.table().name(), 2 * Capacity.writeUnits(bytes));
        }
        token.ifPresent(t -> db.transactionTokens().remember(t, fingerprint));
        db.inFlight().release(taken.id(), taken.items());
        ObjectNode response = Req.object();
        capacity.addListTo(response);
        return response;
    }

    /**
     * Judges every item. At admission ({@code admission} true) an item may also be throttled or meet another
     * transaction (real or made up by the fault plan); then its condition and the validity of its result count.
     */
    private Evaluation evaluate(List<Parsed> parsed, List<ItemAction> actions, boolean admission) {
        ArrayNode reasons = Req.object().arrayNode();
        List<String> codes = new ArrayList<>();
        List<Optional<Map<String, Value>>> next = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            ItemAction action = actions.get(i);
            Table table = action.table();
            Optional<Map<String, Value>> old = table.get(action.key());
            ObjectNode reason = reasons.addObject();
            if (admission && db.faults().injectThrottle(WRITE, table.name())) {
                Throttling.reason(table, reason);
                next.add(old);
            } else if (admission && db.inFlight().isTaken(table, action.key())) {
                db.faults().countTransactionConflict();
                Conflicts.reason(reason);
                next.add(old);
            } else if (admission && db.faults().injectConflict(WRITE, table.name())) {
                Conflicts.reason(reason);
                next.add(old);
            } else if (!action.conditionHolds(old)) {
                reason.put("Code", "ConditionalCheckFailed");
                reason.put("Message", "The conditional request failed");
                if (parsed.get(i).oldOnFailure()) old.ifPresent(o -> reason.set("Item", Req.encode(o)));
                next.add(old);
            } else {
                try {
                    next.add(action.next(old));
                    reason.put("Code", "None");
                } catch (ApiException e) {
                    reason.put("Code", "ValidationError");
                    reason.put("Message", e.getMessage());
                    next.add(old);
                }
            }
            codes.add(reason.get("Code").asText());
        }
        return new Evaluation(reasons, codes, next);
    }

    private static ApiException cancellation(ArrayNode reasons, List<String> codes) {
        ObjectNode details = Req.object();
        details.set("CancellationReasons", reasons);
        return new DetailedApiException("TransactionCanceledException", 400,
                "Transaction cancelled, please refer cancellation reasons for specific reasons " + codes, details);
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
                ExpressionSupport ex = ExpressionSupport.of(spec, false, "ConditionExpression");
                var condition = ex.condition("ConditionExpression");
                if (condition.isEmpty()) throw ApiException.validation("A ConditionCheck needs a ConditionExpression");
                ex.requireAllUsed();
                yield new Parsed(kind, spec, tableName, condition, Optional.empty(), oldOnFailure, Req.item(spec, "Key"));
            }
            case "Update" -> {
                ExpressionSupport ex = ExpressionSupport.of(spec, false, "ConditionExpression", "UpdateExpression");
                var update = ex.update("UpdateExpression");
                if (update.isEmpty()) throw ApiException.validation("An Update in TransactItems needs an UpdateExpression");
                var condition = ex.condition("ConditionExpression");
                ex.requireAllUsed();
                yield new Parsed(kind, spec, tableName, condition, update, oldOnFailure, Req.item(spec, "Key"));
            }
            default -> {
                ExpressionSupport ex = ExpressionSupport.of(spec, false, "ConditionExpression");
                var condition = ex.condition("ConditionExpression");
                ex.requireAllUsed();
                yield new Parsed(kind, spec, tableName, condition, Optional.empty(), oldOnFailure,
                        Req.item(spec, kind.equals("Put") ? "Item" : "Key"));
            }
        };
    }

    private static ItemAction toAction(Parsed p, Table table) {
        return switch (p.kind()) {
            case "ConditionCheck" -> new ItemAction.Check(table, table.keyFrom(p.attributes()), p.condition());
            case "Put" -> ItemAction.Put.of(table, p.attributes(), p.condition());
            case "Delete" -> new ItemAction.Delete(table, table.keyFrom(p.attributes()), p.condition());
            default -> ItemAction.Update.of(table, p.attributes(), p.update(), p.condition());
        };
    }

    JsonNode transactGetItems(JsonNode req) {
        JsonNode items = transactItems(req);
        Capacity capacity = Capacity.of(req, db);
        List<JsonNode> gets = new ArrayList<>();
        List<Map<String, Value>> keyMaps = new ArrayList<>();
        List<Optional<Expressions.Projection>> projections = new ArrayList<>();
        Set<String> tableNames = new LinkedHashSet<>();
        for (JsonNode element : items) {
            JsonNode get = element.get("Get");
            if (get == null || element.size() != 1) throw ApiException.validation("TransactGetItems can only contain Get");
            ExpressionSupport ex = ExpressionSupport.of(get, "ProjectionExpression");
            projections.add(ex.projection("ProjectionExpression"));
            ex.requireAllUsed();
            gets.add(get);
            keyMaps.add(Req.item(get, "Key"));
            tableNames.add(Req.text(get, "TableName"));
        }
        return db.withItemTables(tableNames, tables -> {
            Set<List<Object>> seen = new HashSet<>();
            List<Table> gotTables = new ArrayList<>();
            List<ItemKey> keys = new ArrayList<>();
            for (int g = 0; g < gets.size(); g++) {
                Table table = tables.get(gets.get(g).get("TableName").asText());
                ItemKey key = table.keyFrom(keyMaps.get(g));
                if (!seen.add(List.of(table.name(), key))) {
                    throw ApiException.validation("Transaction request cannot include multiple operations on one item");
                }
                gotTables.add(table);
                keys.add(key);
            }
            requireNoConflict(gotTables, keys);
            ObjectNode response = Req.object();
            ArrayNode responses = response.putArray("Responses");
            for (int i = 0; i < keys.size(); i++) {
                Table table = gotTables.get(i);
                Optional<Map<String, Value>> found = table.get(keys.get(i));
                capacity.read(table.name(), 2 * Capacity.readUnits(found.map(Value::itemSize).orElse(0), true));
                ObjectNode r = responses.addObject();
                var projection = projections.get(i);
                found.map(item -> projection.map(p -> p.apply(item)).orElse(item))
                        .ifPresent(item -> r.set("Item", Req.encode(item)));
            }
            capacity.addListTo(response);
            return response;
        });
    }

    /**
     * A TransactGetItems is cancelled when one of its items is being written by a transaction (AWS: "An item
     * within a TransactGetItems request is part of an ongoing TransactWriteItems ... request"), or throttled.
     */
    private void requireNoConflict(List<Table> tables, List<ItemKey> keys) {
        ArrayNode reasons = Req.object().arrayNode();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Table table = tables.get(i);
            ObjectNode reason = reasons.addObject();
            if (db.faults().injectThrottle(GET, table.name())) {
                Throttling.reason(table, reason);
            } else if (db.inFlight().isTaken(table, keys.get(i))) {
                db.faults().countTransactionConflict();
                Conflicts.reason(reason);
            } else if (db.faults().injectConflict(GET, table.name())) {
                Conflicts.reason(reason);
            } else {
                reason.put("Code", "None");
            }
            codes.add(reason.get("Code").asText());
        }
        if (codes.stream().anyMatch(c -> !c.equals("None"))) throw cancellation(reasons, codes);
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
