package dev.ferry.local.dynamodb.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.local.dynamodb.ApiException;
import dev.ferry.local.dynamodb.table.KeyAttribute;
import dev.ferry.local.dynamodb.table.KeySchema;
import dev.ferry.local.dynamodb.table.Projection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A CreateTable request, checked in the order AWS checks it once the members are well-formed: billing and
 * throughput, the table's key schema against its attribute definitions, the local then the global secondary
 * indexes, the stream. Each rule and its message is DynamoDB's (dynalite test/createTable.js and
 * validations/createTable.js, recorded on DynamoDB; dynamodb-conformance tests/tier3/error-messages/createTable.test.ts).
 */
record TableDefinition(String name, KeySchema keySchema, Map<String, String> attributeTypes, String billingMode,
                       long readCapacity, long writeCapacity, List<IndexDefinition> indexes, Optional<String> streamViewType,
                       boolean deletionProtection) {
    static final int MAX_GSI = 20;
    static final int MAX_LSI = 5;
    /** The largest capacity AWS accepts before calling it out of bounds (dynalite test/createTable.js). */
    static final long MAX_CAPACITY = 1_000_000_000_000L;

    /** A secondary index of the table. */
    record IndexDefinition(String name, boolean global, KeySchema keySchema, Projection projection, long readCapacity,
                           long writeCapacity) {}

    static TableDefinition of(JsonNode req) {
        String name = Req.text(req, "TableName");
        String billing = Req.optText(req, "BillingMode").orElse("PROVISIONED");
        long[] throughput = tableThroughput(billing, req.get("ProvisionedThroughput"));
        Map<String, String> types = attributeDefinitions(req.get("AttributeDefinitions"));
        KeySchema keys = keySchema(req.get("KeySchema"), types, true);
        boolean hasLsi = req.has("LocalSecondaryIndexes");
        boolean hasGsi = req.has("GlobalSecondaryIndexes");
        if (!hasLsi && !hasGsi && keys.names().size() != types.size()) throw mismatchedDefinitions();
        List<IndexDefinition> indexes = new ArrayList<>();
        Set<String> indexNames = new HashSet<>();
        if (hasLsi) {
            JsonNode lsis = req.get("LocalSecondaryIndexes");
            if (lsis.isEmpty()) throw invalid("List of LocalSecondaryIndexes is empty");
            if (keys.range().isEmpty()) {
                throw invalid("Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex");
            }
            for (JsonNode spec : lsis) {
                IndexDefinition index = localIndex(spec, types, keys);
                if (!indexNames.add(index.name())) throw invalid("Duplicate index name: " + index.name());
                indexes.add(index);
            }
            if (lsis.size() > MAX_LSI) throw invalid("Number of LocalSecondaryIndexes exceeds per-table limit of " + MAX_LSI);
        }
        if (hasGsi) {
            JsonNode gsis = req.get("GlobalSecondaryIndexes");
            if (gsis.isEmpty()) throw invalid("List of GlobalSecondaryIndexes is empty");
            for (JsonNode spec : gsis) {
                IndexDefinition index = globalIndex(spec, types, billing);
                if (!indexNames.add(index.name())) throw invalid("Duplicate index name: " + index.name());
                indexes.add(index);
            }
            if (gsis.size() > MAX_GSI) throw invalid("GlobalSecondaryIndex count exceeds the per-table limit of " + MAX_GSI);
        }
        Set<String> used = new LinkedHashSet<>(keys.names());
        indexes.forEach(i -> used.addAll(i.keySchema().names()));
        if (!used.equals(types.keySet())) throw mismatchedDefinitions();
        Optional<String> stream = streamSpecification(req.get("StreamSpecification"), true);
        return new TableDefinition(name, keys, types, billing, throughput[0], throughput[1], List.copyOf(indexes), stream,
                Req.bool(req, "DeletionProtectionEnabled", false));
    }

    /** A table's capacity: none on demand, both units and within bounds when provisioned. */
    static long[] tableThroughput(String billing, JsonNode throughput) {
        boolean given = throughput != null && !throughput.isNull();
        if (billing.equals("PAY_PER_REQUEST")) {
            if (given) {
                throw invalid("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
            }
            return new long[] {0, 0};
        }
        if (!given) throw invalid("ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
        return withinBounds(throughput);
    }

    /** Both units of a ProvisionedThroughput (present: the member constraints saw to that), read first. */
    static long[] withinBounds(JsonNode throughput) {
        long read = throughput.get("ReadCapacityUnits").longValue();
        long write = throughput.get("WriteCapacityUnits").longValue();
        if (read > MAX_CAPACITY) throw ApiException.validation("Given value " + read + " for ReadCapacityUnits is out of bounds");
        if (write > MAX_CAPACITY) throw ApiException.validation("Given value " + write + " for WriteCapacityUnits is out of bounds");
        return new long[] {read, write};
    }

    static Map<String, String> attributeDefinitions(JsonNode defs) {
        Map<String, String> types = new LinkedHashMap<>();
        if (defs == null) return types;
        for (JsonNode d : defs) {
            String attribute = d.get("AttributeName").textValue();
            if (types.put(attribute, d.get("AttributeType").textValue()) != null) {
                throw ApiException.validation("Cannot have two attributes with the same name: " + attribute);
            }
        }
        return types;
    }

    /**
     * A key schema (one or two elements: the member constraints saw to that) held to the attribute definitions:
     * more keys than definitions, undefined keys, one name twice, then the key types, in that order.
     */
    static KeySchema keySchema(JsonNode schema, Map<String, String> types, boolean table) {
        List<String> names = new ArrayList<>();
        schema.forEach(k -> names.add(k.get("AttributeName").textValue()));
        if (table && names.size() > types.size()) throw ApiException.validation("Invalid KeySchema: Some index key attribute have no definition");
        if (!types.keySet().containsAll(names)) {
            throw invalid("Some index key attributes are not defined in AttributeDefinitions. Keys: " + list(names)
                    + ", AttributeDefinitions: " + list(types.keySet()));
        }
        if (names.size() == 2 && names.get(0).equals(names.get(1))) {
            throw ApiException.validation("Both the Hash Key and the Range Key element in the KeySchema have the same name");
        }
        if (!schema.get(0).get("KeyType").textValue().equals("HASH")) {
            throw ApiException.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        }
        if (names.size() == 2 && !schema.get(1).get("KeyType").textValue().equals("RANGE")) {
            throw ApiException.validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
        }
        KeyAttribute hash = new KeyAttribute(names.get(0), types.get(names.get(0)));
        Optional<KeyAttribute> range = names.size() == 2 ? Optional.of(new KeyAttribute(names.get(1), types.get(names.get(1)))) : Optional.empty();
        return new KeySchema(hash, range);
    }

    private static IndexDefinition localIndex(JsonNode spec, Map<String, String> types, KeySchema tableKeys) {
        String name = spec.get("IndexName").textValue();
        KeySchema keys = keySchema(spec.get("KeySchema"), types, false);
        if (keys.range().isEmpty()) throw invalid("Index KeySchema does not have a range key for index: " + name);
        if (!keys.hash().name().equals(tableKeys.hash().name())) {
            throw invalid("Index KeySchema does not have the same leading hash key as table KeySchema for index: " + name
                    + ". index hash key: " + keys.hash().name() + ", table hash key: " + tableKeys.hash().name());
        }
        return new IndexDefinition(name, false, keys, projection(spec.get("Projection")), 0, 0);
    }

    /** A global secondary index of CreateTable, or of UpdateTable's Create. */
    static IndexDefinition globalIndex(JsonNode spec, Map<String, String> types, String billing) {
        String name = spec.get("IndexName").textValue();
        KeySchema keys = keySchema(spec.get("KeySchema"), types, false);
        Projection projection = projection(spec.get("Projection"));
        JsonNode throughput = spec.get("ProvisionedThroughput");
        long[] t = {0, 0};
        if (billing.equals("PAY_PER_REQUEST")) {
            if (throughput != null) {
                throw invalid("ProvisionedThroughput should not be specified for index: " + name + " when BillingMode is PAY_PER_REQUEST");
            }
        } else {
            if (throughput == null) throw invalid("ProvisionedThroughput must be specified for index: " + name);
            t = withinBounds(throughput);
        }
        return new IndexDefinition(name, true, keys, projection, t[0], t[1]);
    }

    private static Projection projection(JsonNode spec) {
        if (!spec.has("ProjectionType")) throw invalid("Unknown ProjectionType: null");
        String type = spec.get("ProjectionType").textValue();
        List<String> nonKey = new ArrayList<>();
        if (spec.has("NonKeyAttributes")) spec.get("NonKeyAttributes").forEach(n -> nonKey.add(n.textValue()));
        if (spec.has("NonKeyAttributes") && !type.equals("INCLUDE")) {
            throw invalid("ProjectionType is " + type + ", but NonKeyAttributes is specified");
        }
        if (type.equals("INCLUDE") && nonKey.isEmpty()) throw invalid("ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
        return new Projection(type, nonKey);
    }

    /**
     * The stream a StreamSpecification asks for. Enabled without a view type is refused; disabled with one is
     * refused when creating a table (error-messages/createTable.test.ts, "UpdateViewType" sic).
     */
    static Optional<String> streamSpecification(JsonNode spec, boolean creating) {
        if (spec == null || spec.isNull()) return Optional.empty();
        boolean enabled = spec.get("StreamEnabled").booleanValue();
        if (!enabled) {
            if (creating && spec.has("StreamViewType")) {
                throw invalid("Table is being created with a stream disabled, UpdateViewType should not be specified");
            }
            return Optional.empty();
        }
        if (!spec.has("StreamViewType")) throw invalid("StreamViewType must be specified when StreamEnabled is true");
        return Optional.of(spec.get("StreamViewType").textValue());
    }

    private static ApiException mismatchedDefinitions() {
        return invalid("Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions");
    }

    static ApiException invalid(String detail) {
        return ApiException.validation("One or more parameter values were invalid: " + detail);
    }

    private static String list(java.util.Collection<String> names) {
        return "[" + String.join(", ", names) + "]";
    }
}
