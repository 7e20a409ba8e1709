package dev.ferry.local.dynamodb.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.dynamodb.ApiException;
import dev.ferry.local.dynamodb.table.Index;
import dev.ferry.local.dynamodb.table.Lifecycle;
import dev.ferry.local.dynamodb.table.Table;
import dev.ferry.local.dynamodb.table.TableTransitions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * CreateTable, DescribeTable, ListTables, DeleteTable and the TTL settings (UpdateTable is {@link TableUpdate}).
 * Tables go through AWS's lifecycle: CreateTable answers CREATING, DeleteTable DELETING, and the table is
 * ACTIVE (or gone) once the emulator's {@link TableTransitions} have run their course: at the next request by
 * default, after a delay when one is set, so that code waiting for a table is exercised.
 */
final class TableOperations {
    private final Database db;

    TableOperations(Database db) {
        this.db = db;
    }

    JsonNode createTable(JsonNode req) {
        TableDefinition def = TableDefinition.of(req);
        String arn = db.tableArn(def.name());
        Instant now = db.now();
        Instant settles = now.plus(db.transitions().creating());
        Table table = new Table(def.name(), arn, UUID.randomUUID().toString(), now, def.keySchema(), def.attributeTypes(),
                def.billingMode(), def.readCapacity(), def.writeCapacity(), def.deletionProtection());
        for (TableDefinition.IndexDefinition i : def.indexes()) {
            Index index = new Index(i.name(), i.global(), i.keySchema(), i.projection(), arn + "/index/" + i.name(), now,
                    i.readCapacity(), i.writeCapacity());
            index.lifecycle().begin(Lifecycle.Status.CREATING, settles);
            table.addIndex(index, Map.of());
        }
        table.lifecycle().begin(Lifecycle.Status.CREATING, settles);
        table.lock().lock();
        try {
            db.create(table);
            def.streamViewType().ifPresent(v -> db.openStream(table, v));
            return wrap("TableDescription", TableDescriptions.describe(table, Lifecycle.Status.CREATING, now));
        } finally {
            table.lock().unlock();
        }
    }

    JsonNode describeTable(JsonNode req) {
        String name = Req.text(req, "TableName");
        return db.withTable(name, t -> wrap("Table", TableDescriptions.describe(t, t.status(db.now()), db.now())));
    }

    /** The member constraints have checked Limit (1 to 100) and ExclusiveStartTableName (a table name) already. */
    JsonNode listTables(JsonNode req) {
        int limit = Req.limit(req, 100).orElse(100);
        Optional<String> start = Req.optText(req, "ExclusiveStartTableName");
        List<String> names = db.tableNames();
        ObjectNode response = Req.object();
        ArrayNode out = response.putArray("TableNames");
        int added = 0;
        for (String n : names) {
            if (start.isPresent() && n.compareTo(start.get()) <= 0) continue;
            if (added == limit) {
                response.put("LastEvaluatedTableName", out.get(out.size() - 1).asText());
                break;
            }
            out.add(n);
            added++;
        }
        return response;
    }

    /**
     * Deletes an ACTIVE table; one that is CREATING or UPDATING is in use, one already DELETING is answered as is
     * (API_DeleteTable: "If table is already in the DELETING state, no error is returned",
     * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteTable.html). The answer leaves the
     * indexes out (dynalite test/deleteTable.js "should eventually delete", recorded on DynamoDB).
     */
    JsonNode deleteTable(JsonNode req) {
        String name = Req.text(req, "TableName");
        return db.withTable(name, table -> {
            Instant now = db.now();
            Lifecycle.Status status = table.status(now);
            if (status == Lifecycle.Status.DELETING) return wrap("TableDescription", deleting(table, now));
            if (status != Lifecycle.Status.ACTIVE) throw TableUpdate.inUse(table, status);
            if (table.deletionProtection()) {
                throw ApiException.validation("Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.");
            }
            table.setStream(Optional.empty(), now);
            Duration delay = db.transitions().deleting();
            table.lifecycle().begin(Lifecycle.Status.DELETING, now.plus(delay));
            ObjectNode description = deleting(table, now);
            if (delay.isZero()) {
                table.markDeleted();
                db.remove(table);
            }
            return wrap("TableDescription", description);
        });
    }

    private static ObjectNode deleting(Table table, Instant now) {
        ObjectNode description = TableDescriptions.describe(table, Lifecycle.Status.DELETING, now);
        description.remove("GlobalSecondaryIndexes");
        description.remove("LocalSecondaryIndexes");
        return description;
    }

    JsonNode updateTimeToLive(JsonNode req) {
        String name = Req.text(req, "TableName");
        JsonNode spec = req.get("TimeToLiveSpecification");
        if (spec == null || spec.isNull()) {
            throw ApiException.validation("1 validation error detected: Value null at 'timeToLiveSpecification' failed to satisfy constraint: Member must not be null");
        }
        String attribute = Req.text(spec, "AttributeName");
        boolean enabled = Req.bool(spec, "Enabled", false);
        if (!Req.has(spec, "Enabled")) {
            throw ApiException.validation("1 validation error detected: Value null at 'timeToLiveSpecification.enabled' failed to satisfy constraint: Member must not be null");
        }
        return db.withTable(name, table -> {
            if (enabled && table.ttlAttribute().isPresent()) {
                throw ApiException.validation("TimeToLive is already enabled");
            }
            if (!enabled && table.ttlAttribute().isEmpty()) {
                throw ApiException.validation("TimeToLive is already disabled");
            }
            if (!enabled && !table.ttlAttribute().get().equals(attribute)) {
                throw ApiException.validation("TimeToLive is enabled on attribute " + table.ttlAttribute().get()
                        + "; disable it by naming that attribute");
            }
            table.setTtlAttribute(enabled ? Optional.of(attribute) : Optional.empty());
            ObjectNode response = Req.object();
            ObjectNode out = response.putObject("TimeToLiveSpecification");
            out.put("AttributeName", attribute);
            out.put("Enabled", enabled);
            return response;
        });
    }

    JsonNode describeTimeToLive(JsonNode req) {
        String name = Req.text(req, "TableName");
        return db.withTable(name, table -> {
            ObjectNode response = Req.object();
            ObjectNode d = response.putObject("TimeToLiveDescription");
            d.put("TimeToLiveStatus", table.ttlAttribute().isPresent() ? "ENABLED" : "DISABLED");
            table.ttlAttribute().ifPresent(a -> d.put("AttributeName", a));
            return response;
        });
    }

    static ObjectNode wrap(String field, ObjectNode description) {
        ObjectNode response = Req.object();
        response.set(field, description);
        return response;
    }
}
