package dev.ferry.local.dynamodb.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.dynamodb.ApiException;
import dev.ferry.local.dynamodb.table.Index;
import dev.ferry.local.dynamodb.table.KeyAttribute;
import dev.ferry.local.dynamodb.table.Lifecycle;
import dev.ferry.local.dynamodb.table.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * UpdateTable: billing and throughput, global secondary indexes (create with backfill, update, delete), the
 * stream, deletion protection. What the request says on its own is checked before the table is looked up; then
 * the table must be ACTIVE (one that is CREATING, UPDATING or DELETING is in use: "You tried to update a
 * resource that was already being updated", API_UpdateTable and ResourceInUseException in the API reference);
 * then what depends on the table. Rules and messages are DynamoDB's (dynalite test/updateTable.js and
 * validations/updateTable.js, recorded on DynamoDB; dynamodb-conformance tests/tier1/updateTable/basic.test.ts).
 */
final class TableUpdate {
    /** What AWS lists when a request asks for no change (dynalite test/updateTable.js "empty GlobalSecondaryIndexUpdates"). */
    static final String NOTHING_TO_UPDATE = "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
            + "GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required";
    private static final List<String> CHANGES = List.of("ProvisionedThroughput", "BillingMode", "StreamSpecification",
            "SSESpecification", "ReplicaUpdates", "DeletionProtectionEnabled", "TableClass", "OnDemandThroughput", "WarmThroughput");

    private final Database db;

    TableUpdate(Database db) {
        this.db = db;
    }

    JsonNode updateTable(JsonNode req) {
        String name = Req.text(req, "TableName");
        List<JsonNode> indexUpdates = checkRequest(req);
        return db.withTable(name, table -> {
            Instant now = db.now();
            Lifecycle.Status status = table.status(now);
            if (status != Lifecycle.Status.ACTIVE) throw inUse(table, status);
            String billing = Req.optText(req, "BillingMode").orElse(table.billingMode());
            Optional<long[]> throughput = Optional.ofNullable(req.get("ProvisionedThroughput")).map(TableDefinition::withinBounds);
            checkAgainst(table, billing, throughput, indexUpdates);
            long oldRead = table.readCapacity();
            long oldWrite = table.writeCapacity();
            boolean provisionedChange = throughput.isPresent() && table.billingMode().equals("PROVISIONED");
            if (!billing.equals(table.billingMode()) || throughput.isPresent()) {
                long[] t = billing.equals("PAY_PER_REQUEST") ? new long[] {0, 0} : throughput.orElseThrow();
                table.setBilling(billing, t[0], t[1]);
            }
            if (Req.has(req, "DeletionProtectionEnabled")) table.setDeletionProtection(Req.bool(req, "DeletionProtectionEnabled", false));
            Map<String, String> newTypes = TableDefinition.attributeDefinitions(req.get("AttributeDefinitions"));
            for (JsonNode u : indexUpdates) applyIndexUpdate(table, u, newTypes, billing, now);
            if (Req.has(req, "StreamSpecification")) updateStream(table, req.get("StreamSpecification"));
            table.lifecycle().begin(Lifecycle.Status.UPDATING, now.plus(db.transitions().updating()));
            ObjectNode description = TableDescriptions.describe(table, Lifecycle.Status.UPDATING, now);
            if (provisionedChange) {
                // the new capacity shows once the update is done (dynalite test/updateTable.js "should triple rates")
                ObjectNode pt = (ObjectNode) description.get("ProvisionedThroughput");
                pt.put("ReadCapacityUnits", oldRead).put("WriteCapacityUnits", oldWrite);
            }
            return TableOperations.wrap("TableDescription", description);
        });
    }

    /** The checks that need no table, in AWS's order; returns the index updates. */
    private static List<JsonNode> checkRequest(JsonNode req) {
        List<JsonNode> indexUpdates = new ArrayList<>();
        if (req.has("GlobalSecondaryIndexUpdates")) req.get("GlobalSecondaryIndexUpdates").forEach(indexUpdates::add);
        if (indexUpdates.isEmpty() && CHANGES.stream().noneMatch(req::has)) throw ApiException.validation(NOTHING_TO_UPDATE);
        if (Req.optText(req, "BillingMode").orElse("").equals("PROVISIONED") && !req.has("ProvisionedThroughput")) {
            throw TableDefinition.invalid("ProvisionedThroughput must be specified when BillingMode is PROVISIONED");
        }
        if (req.has("ProvisionedThroughput")) TableDefinition.withinBounds(req.get("ProvisionedThroughput"));
        Set<String> names = new HashSet<>();
        for (JsonNode u : indexUpdates) {
            Optional<JsonNode> action = action(u);
            if (action.isEmpty()) {
                throw TableDefinition.invalid("One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
                        + "GlobalSecondaryIndexUpdate.Delete must not be null");
            }
            String indexName = action.get().get("IndexName").textValue();
            if (!names.add(indexName)) {
                throw TableDefinition.invalid("Only one global secondary index update per index is allowed simultaneously. Index: " + indexName);
            }
        }
        return indexUpdates;
    }

    private static Optional<JsonNode> action(JsonNode update) {
        for (String kind : List.of("Update", "Create", "Delete")) {
            if (update.has(kind)) return Optional.of(update.get(kind));
        }
        return Optional.empty();
    }

    /** The checks that need the table. */
    private static void checkAgainst(Table table, String billing, Optional<long[]> throughput, List<JsonNode> indexUpdates) {
        if (throughput.isPresent() && billing.equals("PAY_PER_REQUEST")) {
            throw TableDefinition.invalid("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
        }
        if (indexUpdates.stream().filter(u -> u.has("Create") || u.has("Delete")).count() > 1) {
            throw new ApiException("LimitExceededException", 400,
                    "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table");
        }
        for (JsonNode u : indexUpdates) {
            JsonNode pt = u.path("Update").path("ProvisionedThroughput");
            if (pt.path("ReadCapacityUnits").asLong() > TableDefinition.MAX_CAPACITY
                    || pt.path("WriteCapacityUnits").asLong() > TableDefinition.MAX_CAPACITY) {
                throw ApiException.validation("This operation cannot be performed with given input values. "
                        + "Please contact DynamoDB service team for more info: Action Blocked: IndexUpdate");
            }
        }
        if (throughput.isPresent() && table.billingMode().equals("PROVISIONED")) {
            long[] t = throughput.get();
            if (t[0] == table.readCapacity() && t[1] == table.writeCapacity()) {
                throw ApiException.validation("The provisioned throughput for the table will not change. The requested value equals the current value. "
                        + "Current ReadCapacityUnits provisioned for the table: " + table.readCapacity() + ". Requested ReadCapacityUnits: " + t[0] + ". "
                        + "Current WriteCapacityUnits provisioned for the table: " + table.writeCapacity() + ". Requested WriteCapacityUnits: " + t[1] + ". "
                        + "Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.");
            }
        }
        if (billing.equals("PROVISIONED") && table.billingMode().equals("PAY_PER_REQUEST")) {
            Set<String> given = new HashSet<>();
            indexUpdates.forEach(u -> {
                if (u.has("Update") && u.get("Update").has("ProvisionedThroughput")) given.add(u.get("Update").get("IndexName").textValue());
                if (u.has("Delete")) given.add(u.get("Delete").get("IndexName").textValue());
            });
            List<String> missing = table.indexes().stream().filter(Index::global).map(Index::name).filter(n -> !given.contains(n)).toList();
            if (!missing.isEmpty()) throw TableDefinition.invalid("ProvisionedThroughput must be specified for index: " + String.join(",", missing));
        }
    }

    private void applyIndexUpdate(Table table, JsonNode update, Map<String, String> newTypes, String billing, Instant now) {
        if (update.has("Create")) {
            createIndex(table, update.get("Create"), newTypes, billing, now);
            return;
        }
        String indexName = action(update).orElseThrow().get("IndexName").textValue();
        Index index = table.index(indexName).filter(Index::global).orElseThrow(() -> ApiException.resourceNotFound(
                "Requested resource not found: Index: " + indexName + " not found for table " + table.name()));
        if (update.has("Delete")) {
            if (db.transitions().deleting().isZero()) {
                table.removeIndex(index.name());
            } else {
                index.lifecycle().begin(Lifecycle.Status.DELETING, now.plus(db.transitions().deleting()));
            }
        } else if (update.get("Update").has("ProvisionedThroughput")) {
            long[] t = TableDefinition.withinBounds(update.get("Update").get("ProvisionedThroughput"));
            index.setThroughput(t[0], t[1]);
            index.lifecycle().begin(Lifecycle.Status.UPDATING, now.plus(db.transitions().updating()));
        }
    }

    private void createIndex(Table table, JsonNode create, Map<String, String> newTypes, String billing, Instant now) {
        Map<String, String> types = new LinkedHashMap<>(table.attributeTypes());
        Map<String, String> added = new LinkedHashMap<>();
        for (var e : newTypes.entrySet()) {
            String existing = types.get(e.getKey());
            if (existing != null && !existing.equals(e.getValue())) {
                throw TableDefinition.invalid("Attribute " + e.getKey() + " is already defined with type " + existing);
            }
            if (existing == null) added.put(e.getKey(), e.getValue());
            types.put(e.getKey(), e.getValue());
        }
        TableDefinition.IndexDefinition def = TableDefinition.globalIndex(create, types, billing);
        if (table.index(def.name()).isPresent()) {
            throw TableDefinition.invalid("Index with name " + def.name() + " already exists");
        }
        if (table.indexes().stream().filter(Index::global).count() >= TableDefinition.MAX_GSI) {
            throw new ApiException("LimitExceededException", 400,
                    "Subscriber limit exceeded: Number of global secondary indexes exceeds per-table limit of " + TableDefinition.MAX_GSI);
        }
        table.items().items().forEach(item -> {
            for (KeyAttribute k : def.keySchema().attributes()) {
                var v = item.get(k.name());
                if (v != null && !v.type().equals(k.type())) {
                    throw TableDefinition.invalid("an existing item has attribute " + k.name() + " of type " + v.type()
                            + ", which does not match the index key type " + k.type());
                }
            }
        });
        Map<String, String> indexTypes = new LinkedHashMap<>();
        for (KeyAttribute k : def.keySchema().attributes()) {
            if (added.containsKey(k.name())) indexTypes.put(k.name(), k.type());
        }
        Index index = new Index(def.name(), true, def.keySchema(), def.projection(), table.arn() + "/index/" + def.name(), now,
                def.readCapacity(), def.writeCapacity());
        index.lifecycle().begin(Lifecycle.Status.CREATING, now.plus(db.transitions().creating()));
        table.addIndex(index, indexTypes);
    }

    private void updateStream(Table table, JsonNode spec) {
        Optional<String> view = TableDefinition.streamSpecification(spec, false);
        if (view.isPresent()) {
            if (table.stream().isPresent()) throw ApiException.validation("Table already has an enabled stream: TableName: " + table.name());
            db.openStream(table, view.get());
        } else {
            if (table.stream().isEmpty()) throw ApiException.validation("Table does not have a stream enabled: TableName: " + table.name());
            table.setStream(Optional.empty(), db.now());
        }
    }

    /**
     * A table in transition refuses changes with ResourceInUseException, naming the transition: "Attempt to change
     * a resource which is still in use: Table is being created: NAME" (dynalite test/deleteTable.js, recorded on
     * DynamoDB); "being updated" and "being deleted" are worded alike (quoted in hashicorp/terraform-provider-aws,
     * internal/service/dynamodb/table.go, which retries on them).
     */
    static ApiException inUse(Table table, Lifecycle.Status status) {
        String doing = switch (status) {
            case CREATING -> "created";
            case UPDATING -> "updated";
            default -> "deleted";
        };
        return ApiException.resourceInUse("Attempt to change a resource which is still in use: Table is being " + doing + ": " + table.name());
    }
}
