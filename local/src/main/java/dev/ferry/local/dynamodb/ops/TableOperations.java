package dev.ferry.local.dynamodb.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.dynamodb.ApiException;
import dev.ferry.local.dynamodb.table.Index;
import dev.ferry.local.dynamodb.table.KeyAttribute;
import dev.ferry.local.dynamodb.table.KeySchema;
import dev.ferry.local.dynamodb.table.Projection;
import dev.ferry.local.dynamodb.table.Table;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * CreateTable, DescribeTable, ListTables, UpdateTable, DeleteTable and the TTL settings. Tables become
 * ACTIVE at once: CreateTable answers CREATING, as AWS does, and the next DescribeTable says ACTIVE, so
 * SDK waiters return at their first poll.
 */
final class TableOperations {
    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");
    static final int MAX_GSI = 20;
    static final int MAX_LSI = 5;

    private final Database db;

    TableOperations(Database db) {
        this.db = db;
    }

    JsonNode createTable(JsonNode req) {
        String name = tableName(req);
        Map<String, String> types = attributeDefinitions(req.get("AttributeDefinitions"));
        KeySchema keySchema = keySchema(req.get("KeySchema"), types, "table");
        String billing = Req.oneOf(req, "BillingMode", "PROVISIONED", "PROVISIONED", "PAY_PER_REQUEST");
        long[] throughput = throughput(req.get("ProvisionedThroughput"), billing, "table");
        List<Index> indexes = new ArrayList<>();
        Set<String> used = new HashSet<>(keySchema.names());
        String arn = db.tableArn(name);
        JsonNode gsis = req.get("GlobalSecondaryIndexes");
        if (gsis != null && !gsis.isNull()) {
            if (gsis.size() > MAX_GSI) throw ApiException.validation("One or more parameter values were invalid: GlobalSecondaryIndexes: at most 20 per table");
            for (JsonNode g : gsis) indexes.add(index(g, true, types, keySchema, billing, arn, used));
        }
        JsonNode lsis = req.get("LocalSecondaryIndexes");
        if (lsis != null && !lsis.isNull()) {
            if (lsis.size() > MAX_LSI) throw ApiException.validation("One or more parameter values were invalid: LocalSecondaryIndexes: at most 5 per table");
            if (keySchema.range().isEmpty()) {
                throw ApiException.validation("One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex");
            }
            for (JsonNode l : lsis) {
                Index index = index(l, false, types, keySchema, billing, arn, used);
                if (!index.keySchema().hash().equals(keySchema.hash()) || index.keySchema().range().isEmpty()) {
                    throw ApiException.validation("One or more parameter values were invalid: Index KeySchema does not have the same leading hash key as table KeySchema for index: "
                            + index.name() + ". index hash key: " + index.keySchema().hash().name() + ", table hash key: " + keySchema.hash().name());
                }
                indexes.add(index);
            }
        }
        Set<String> names = new HashSet<>();
        for (Index i : indexes) {
            if (!names.add(i.name())) throw ApiException.validation("One or more parameter values were invalid: Duplicate index name: " + i.name());
        }
        if (!used.equals(types.keySet())) {
            throw ApiException.validation("One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions");
        }
        Optional<String> streamView = streamSpecification(req.get("StreamSpecification"));
        Table table = new Table(name, arn, UUID.randomUUID().toString(), db.now(), keySchema, types, billing,
                throughput[0], throughput[1], Req.bool(req, "DeletionProtectionEnabled", false));
        indexes.forEach(i -> table.addIndex(i, Map.of()));
        table.lock().lock();
        try {
            db.create(table);
            streamView.ifPresent(v -> db.openStream(table, v));
            return wrap("TableDescription", TableDescriptions.describe(table, "CREATING"));
        } finally {
            table.lock().unlock();
        }
    }

    JsonNode describeTable(JsonNode req) {
        String name = Req.text(req, "TableName");
        return db.withTable(name, t -> wrap("Table", TableDescriptions.describe(t, "ACTIVE")));
    }

    JsonNode listTables(JsonNode req) {
        int limit = Req.limit(req, 100).orElse(100);
        Optional<String> start = Req.optText(req, "ExclusiveStartTableName");
        List<String> names = db.tableNames();
        ObjectNode response = Req.object();
        ArrayNode out = response.putArray("TableNames");
        int added = 0;
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
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

    JsonNode deleteTable(JsonNode req) {
        String name = Req.text(req, "TableName");
        return db.withTable(name, table -> {
            if (table.deletionProtection()) {
                throw ApiException.validation("Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.");
            }
            ObjectNode description = TableDescriptions.describe(table, "DELETING");
            table.setStream(Optional.empty(), db.now());
            table.markDeleted();
            db.remove(table);
            return wrap("TableDescription", description);
        });
    }

    JsonNode updateTable(JsonNode req) {
        String name = Req.text(req, "TableName");
        return db.withTable(name, table -> {
            Map<String, String> newTypes = Req.has(req, "AttributeDefinitions")
                    ? attributeDefinitions(req.get("AttributeDefinitions")) : Map.of();
            String billing = Req.oneOf(req, "BillingMode", table.billingMode(), "PROVISIONED", "PAY_PER_REQUEST");
            if (Req.has(req, "ProvisionedThroughput") || !billing.equals(table.billingMode())) {
                long[] t = Req.has(req, "ProvisionedThroughput") || billing.equals("PAY_PER_REQUEST")
                        ? throughput(req.get("ProvisionedThroughput"), billing, "table")
                        : new long[] {table.readCapacity(), table.writeCapacity()};
                table.setBilling(billing, t[0], t[1]);
            }
            if (Req.has(req, "DeletionProtectionEnabled")) table.setDeletionProtection(Req.bool(req, "DeletionProtectionEnabled", false));
            JsonNode updates = req.get("GlobalSecondaryIndexUpdates");
            if (updates != null && !updates.isNull()) {
                for (JsonNode u : updates) applyIndexUpdate(table, u, newTypes, billing);
            }
            if (Req.has(req, "StreamSpecification")) {
                JsonNode spec = req.get("StreamSpecification");
                boolean enable = Req.bool(spec, "StreamEnabled", false);
                if (enable) {
                    if (table.stream().isPresent()) {
                        throw ApiException.validation("Table already has an enabled stream: TableName: " + table.name());
                    }
                    db.openStream(table, streamSpecification(spec).orElseThrow());
                } else {
                    if (table.stream().isEmpty()) {
                        throw ApiException.validation("Table does not have a stream enabled: TableName: " + table.name());
                    }
                    table.setStream(Optional.empty(), db.now());
                }
            }
            return wrap("TableDescription", TableDescriptions.describe(table, "UPDATING"));
        });
    }

    private void applyIndexUpdate(Table table, JsonNode update, Map<String, String> newTypes, String billing) {
        if (Req.has(update, "Create")) {
            JsonNode create = update.get("Create");
            Map<String, String> types = new LinkedHashMap<>(table.attributeTypes());
            Map<String, String> added = new LinkedHashMap<>();
            for (var e : newTypes.entrySet()) {
                String existing = types.get(e.getKey());
                if (existing != null && !existing.equals(e.getValue())) {
                    throw ApiException.validation("One or more parameter values were invalid: Attribute " + e.getKey()
                            + " is already defined with type " + existing);
                }
                if (existing == null) added.put(e.getKey(), e.getValue());
                types.put(e.getKey(), e.getValue());
            }
            Index index = index(create, true, types, table.keySchema(), billing, table.arn(), new HashSet<>());
            if (table.index(index.name()).isPresent()) {
                throw ApiException.validation("One or more parameter values were invalid: Index with name " + index.name() + " already exists");
            }
            if (table.indexes().stream().filter(Index::global).count() >= MAX_GSI) {
                throw new ApiException("LimitExceededException", 400, "Subscriber limit exceeded: a table has at most 20 global secondary indexes");
            }
            table.items().items().forEach(item -> {
                for (KeyAttribute k : index.keySchema().attributes()) {
                    var v = item.get(k.name());
                    if (v != null && !v.type().equals(k.type())) {
                        throw ApiException.validation("One or more parameter values were invalid: an existing item has attribute "
                                + k.name() + " of type " + v.type() + ", which does not match the index key type " + k.type());
                    }
                }
            });
            Map<String, String> indexTypes = new LinkedHashMap<>();
            for (KeyAttribute k : index.keySchema().attributes()) {
                if (added.containsKey(k.name())) indexTypes.put(k.name(), k.type());
            }
            table.addIndex(index, indexTypes);
        } else if (Req.has(update, "Delete")) {
            String indexName = Req.text(update.get("Delete"), "IndexName");
            Index index = table.index(indexName).filter(Index::global).orElseThrow(() -> ApiException.resourceNotFound(
                    "Requested resource not found: Index: " + indexName + " not found for table " + table.name()));
            table.removeIndex(index.name());
        } else if (Req.has(update, "Update")) {
            JsonNode u = update.get("Update");
            String indexName = Req.text(u, "IndexName");
            Index index = table.index(indexName).filter(Index::global).orElseThrow(() -> ApiException.resourceNotFound(
                    "Requested resource not found: Index: " + indexName + " not found for table " + table.name()));
            long[] t = throughput(u.get("ProvisionedThroughput"), billing, "index");
            index.setThroughput(t[0], t[1]);
        } else {
            throw ApiException.validation("A GlobalSecondaryIndexUpdate must contain one of Create, Update or Delete");
        }
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

    private static ObjectNode wrap(String field, ObjectNode description) {
        ObjectNode response = Req.object();
        response.set(field, description);
        return response;
    }

    private static String tableName(JsonNode req) {
        String name = Req.text(req, "TableName");
        if (!TABLE_NAME.matcher(name).matches()) {
            throw ApiException.validation("1 validation error detected: Value '" + name + "' at 'tableName' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+ and have length between 3 and 255");
        }
        return name;
    }

    private static Map<String, String> attributeDefinitions(JsonNode defs) {
        if (defs == null || !defs.isArray() || defs.isEmpty()) {
            throw ApiException.validation("1 validation error detected: Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null");
        }
        Map<String, String> types = new LinkedHashMap<>();
        for (JsonNode d : defs) {
            String name = Req.text(d, "AttributeName");
            String type = Req.oneOf(d, "AttributeType", "", "S", "N", "B");
            if (types.put(name, type) != null) {
                throw ApiException.validation("Cannot have two attributes with the same name: " + name);
            }
        }
        return types;
    }

    private static KeySchema keySchema(JsonNode schema, Map<String, String> types, String what) {
        if (schema == null || !schema.isArray() || schema.isEmpty() || schema.size() > 2) {
            throw ApiException.validation("1 validation error detected: Value at 'keySchema' failed to satisfy constraint: "
                    + "Member must have length less than or equal to 2 and greater than or equal to 1");
        }
        List<KeyAttribute> attributes = new ArrayList<>();
        for (int i = 0; i < schema.size(); i++) {
            JsonNode k = schema.get(i);
            String name = Req.text(k, "AttributeName");
            String keyType = Req.oneOf(k, "KeyType", "", "HASH", "RANGE");
            if (!keyType.equals(i == 0 ? "HASH" : "RANGE")) {
                throw ApiException.validation(i == 0 ? "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"
                        : "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
            }
            String type = types.get(name);
            if (type == null) {
                throw ApiException.validation("One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. "
                        + "Keys: [" + name + "], AttributeDefinitions: " + types.keySet());
            }
            attributes.add(new KeyAttribute(name, type));
        }
        if (attributes.size() == 2 && attributes.get(0).name().equals(attributes.get(1).name())) {
            throw ApiException.validation("Both the Hash Key and the Range Key element in the KeySchema have the same name");
        }
        return new KeySchema(attributes.get(0), attributes.size() == 2 ? Optional.of(attributes.get(1)) : Optional.empty());
    }

    private static long[] throughput(JsonNode t, String billing, String what) {
        if (billing.equals("PAY_PER_REQUEST")) {
            if (t != null && !t.isNull()) {
                throw ApiException.validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
            }
            return new long[] {0, 0};
        }
        if (t == null || t.isNull()) {
            throw ApiException.validation("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
        }
        long read = Req.optLong(t, "ReadCapacityUnits").orElse(0L);
        long write = Req.optLong(t, "WriteCapacityUnits").orElse(0L);
        if (read < 1 || write < 1) {
            throw ApiException.validation("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be at least 1 for the " + what);
        }
        return new long[] {read, write};
    }

    private Index index(JsonNode spec, boolean global, Map<String, String> types, KeySchema tableKeys,
                               String billing, String tableArn, Set<String> used) {
        String name = Req.text(spec, "IndexName");
        if (!TABLE_NAME.matcher(name).matches()) {
            throw ApiException.validation("1 validation error detected: Value '" + name + "' at 'indexName' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+ and have length between 3 and 255");
        }
        KeySchema keys = keySchema(spec.get("KeySchema"), types, "index");
        used.addAll(keys.names());
        JsonNode p = spec.get("Projection");
        if (p == null || p.isNull()) {
            throw ApiException.validation("1 validation error detected: Value null at 'projection' failed to satisfy constraint: Member must not be null");
        }
        String type = Req.oneOf(p, "ProjectionType", "ALL", "ALL", "KEYS_ONLY", "INCLUDE");
        List<String> nonKey = new ArrayList<>();
        if (Req.has(p, "NonKeyAttributes")) p.get("NonKeyAttributes").forEach(n -> nonKey.add(n.asText()));
        if (type.equals("INCLUDE") && nonKey.isEmpty()) {
            throw ApiException.validation("One or more parameter values were invalid: ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
        }
        if (!type.equals("INCLUDE") && !nonKey.isEmpty()) {
            throw ApiException.validation("One or more parameter values were invalid: ProjectionType is " + type + ", but NonKeyAttributes is specified");
        }
        long[] t = global ? throughput(spec.get("ProvisionedThroughput"), billing, "index " + name) : new long[] {0, 0};
        return new Index(name, global, keys, new Projection(type, nonKey), tableArn + "/index/" + name,
                db.now(), t[0], t[1]);
    }

    private static Optional<String> streamSpecification(JsonNode spec) {
        if (spec == null || spec.isNull() || !Req.bool(spec, "StreamEnabled", false)) return Optional.empty();
        if (!Req.has(spec, "StreamViewType")) {
            throw ApiException.validation("One or more parameter values were invalid: StreamViewType must be specified when StreamEnabled is true");
        }
        return Optional.of(Req.oneOf(spec, "StreamViewType", "", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"));
    }
}
