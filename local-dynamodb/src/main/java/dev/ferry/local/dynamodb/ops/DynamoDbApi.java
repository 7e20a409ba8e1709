package dev.ferry.local.dynamodb.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.dynamodb.ApiException;
import dev.ferry.local.dynamodb.faults.DynamoDbFaultPlan;
import dev.ferry.local.dynamodb.legacy.LegacyParameters;
import dev.ferry.local.dynamodb.wire.WireRequest;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Every operation the emulator serves, by its {@code X-Amz-Target}: {@code DynamoDB_20120810.<Op>} and
 * {@code DynamoDBStreams_20120810.<Op>}. Requests and responses are the JSON 1.0 bodies.
 */
public final class DynamoDbApi {
    public static final String DYNAMODB_PREFIX = "DynamoDB_20120810.";
    public static final String STREAMS_PREFIX = "DynamoDBStreams_20120810.";

    private static final Map<String, Throttling.Access> SINGLE_TABLE_ACCESS = Map.of(
            "GetItem", Throttling.Access.READ, "Query", Throttling.Access.READ, "Scan", Throttling.Access.READ,
            "PutItem", Throttling.Access.WRITE, "UpdateItem", Throttling.Access.WRITE, "DeleteItem", Throttling.Access.WRITE);

    private final Map<String, Function<JsonNode, JsonNode>> operations = new TreeMap<>();
    private final Map<String, Map<String, String>> tags = new ConcurrentHashMap<>();
    /** Only the setting is kept: there are no backups to restore from locally. */
    private final Map<String, Boolean> pointInTimeRecovery = new ConcurrentHashMap<>();
    private final Database db;

    public DynamoDbApi(Database db) {
        this.db = db;
        var tables = new TableOperations(db);
        var tableUpdate = new TableUpdate(db);
        var items = new ItemOperations(db);
        var reads = new QueryScan(db);
        var batches = new BatchOperations(db);
        var transactions = new TransactionOperations(db);
        var streams = new StreamOperations(db);
        dynamodb("CreateTable", r -> {
            JsonNode out = tables.createTable(r);
            if (Req.has(r, "Tags")) tag(db.tableArn(Req.text(r, "TableName")), r.get("Tags"));
            return out;
        });
        dynamodb("DescribeTable", tables::describeTable);
        dynamodb("ListTables", tables::listTables);
        dynamodb("UpdateTable", tableUpdate::updateTable);
        dynamodb("DeleteTable", r -> {
            JsonNode out = tables.deleteTable(r);
            tags.remove(db.tableArn(Req.text(r, "TableName")));
            pointInTimeRecovery.remove(Req.text(r, "TableName"));
            return out;
        });
        dynamodb("DescribeContinuousBackups", this::describeContinuousBackups);
        dynamodb("UpdateContinuousBackups", this::updateContinuousBackups);
        dynamodb("UpdateTimeToLive", tables::updateTimeToLive);
        dynamodb("DescribeTimeToLive", tables::describeTimeToLive);
        dynamodb("PutItem", items::putItem);
        dynamodb("GetItem", items::getItem);
        dynamodb("UpdateItem", items::updateItem);
        dynamodb("DeleteItem", items::deleteItem);
        dynamodb("Query", reads::query);
        dynamodb("Scan", reads::scan);
        dynamodb("BatchWriteItem", batches::batchWriteItem);
        dynamodb("BatchGetItem", batches::batchGetItem);
        dynamodb("TransactWriteItems", transactions::transactWriteItems);
        dynamodb("TransactGetItems", transactions::transactGetItems);
        dynamodb("DescribeEndpoints", r -> describeEndpoints());
        dynamodb("DescribeLimits", r -> describeLimits());
        dynamodb("TagResource", this::tagResource);
        dynamodb("UntagResource", this::untagResource);
        dynamodb("ListTagsOfResource", this::listTags);
        operations.put(STREAMS_PREFIX + "ListStreams", streams::listStreams);
        operations.put(STREAMS_PREFIX + "DescribeStream", streams::describeStream);
        operations.put(STREAMS_PREFIX + "GetShardIterator", streams::getShardIterator);
        operations.put(STREAMS_PREFIX + "GetRecords", streams::getRecords);
    }

    /**
     * The {@code X-Amz-Target}s {@link #handle} serves, each {@link #DYNAMODB_PREFIX} or {@link #STREAMS_PREFIX} and an
     * operation name, in name order; any other target is UnknownOperationException. docs/local-cloud.md's compatibility
     * table is checked against them.
     */
    public SortedSet<String> targets() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(operations.keySet()));
    }

    private void dynamodb(String name, Function<JsonNode, JsonNode> op) {
        operations.put(DYNAMODB_PREFIX + name, op);
    }

    /** Runs the operation named by {@code target}; errors are {@link ApiException}s. */
    public JsonNode handle(String target, JsonNode request) {
        Function<JsonNode, JsonNode> op = operations.get(target);
        if (op == null) {
            // AWS answers an operation it does not know with the bare __type (dynalite test/connection.js)
            throw new ApiException("UnknownOperationException", 400, null);
        }
        String operation = target.substring(target.indexOf('.') + 1);
        // an empty body is refused once the operation is known (dynalite test/listTables.js "no body")
        if (!(request instanceof ObjectNode body)) throw ApiException.unreadableBody();
        JsonNode read = WireRequest.read(operation, body);
        if (!target.startsWith(DYNAMODB_PREFIX)) {
            if (operation.equals("GetRecords")) {
                db.ledger().add(dev.ferry.local.cost.Meter.DYNAMODB_STREAM_READS, "GetRecords", 1);
            }
            return op.apply(read);
        }
        admit(operation, read);
        // Legacy parameters (Expected, KeyConditions, AttributesToGet, ...) run as the expressions they mean.
        return LegacyParameters.run(operation, read, op);
    }

    /**
     * Throttles a whole single-table request when the fault plan says so, before any work; batches and
     * transactions are throttled item by item where they run.
     */
    private void admit(String operation, JsonNode request) {
        String table = request.path("TableName").asText("");
        if (DynamoDbFaultPlan.CONTROL_PLANE_OPERATIONS.contains(operation)) {
            if (db.faults().injectThrottle(operation, table)) throw Throttling.controlPlane();
            return;
        }
        Optional.ofNullable(SINGLE_TABLE_ACCESS.get(operation)).ifPresent(access ->
                // a missing table is answered by the operation itself, with ResourceNotFoundException
                db.findTable(table).ifPresent(t -> {
                    if (db.faults().injectThrottle(operation, table)) throw Throttling.exception(t, access);
                }));
    }

    private JsonNode describeEndpoints() {
        ObjectNode response = Req.object();
        response.putArray("Endpoints").addObject().put("Address", "dynamodb." + db.region() + ".amazonaws.com").put("CachePeriodInMinutes", 1440);
        return response;
    }

    private static JsonNode describeLimits() {
        ObjectNode response = Req.object();
        response.put("AccountMaxReadCapacityUnits", 80000);
        response.put("AccountMaxWriteCapacityUnits", 80000);
        response.put("TableMaxReadCapacityUnits", 40000);
        response.put("TableMaxWriteCapacityUnits", 40000);
        return response;
    }

    private String taggedTable(JsonNode req) {
        String arn = Req.text(req, "ResourceArn");
        String prefix = db.tableArn("");
        if (!arn.startsWith(prefix)) throw ApiException.validation("Invalid TableArn: " + arn);
        String name = arn.substring(prefix.length());
        db.table(name);
        return arn;
    }

    private JsonNode tagResource(JsonNode req) {
        tag(taggedTable(req), req.get("Tags"));
        return Req.object();
    }

    private void tag(String arn, JsonNode list) {
        if (list == null || !list.isArray()) throw ApiException.validation("Tags must be a list of Key/Value pairs");
        var map = tags.computeIfAbsent(arn, a -> new ConcurrentHashMap<>());
        list.forEach(t -> map.put(Req.text(t, "Key"), Req.text(t, "Value")));
    }

    private JsonNode describeContinuousBackups(JsonNode req) {
        String name = Req.text(req, "TableName");
        db.table(name);
        return continuousBackups(pointInTimeRecovery.getOrDefault(name, false));
    }

    private JsonNode updateContinuousBackups(JsonNode req) {
        String name = Req.text(req, "TableName");
        db.table(name);
        JsonNode spec = req.get("PointInTimeRecoverySpecification");
        if (spec == null || !Req.has(spec, "PointInTimeRecoveryEnabled")) {
            throw ApiException.validation("PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled is required");
        }
        boolean enabled = Req.bool(spec, "PointInTimeRecoveryEnabled", false);
        pointInTimeRecovery.put(name, enabled);
        return continuousBackups(enabled);
    }

    private static JsonNode continuousBackups(boolean pitr) {
        ObjectNode response = Req.object();
        ObjectNode d = response.putObject("ContinuousBackupsDescription");
        d.put("ContinuousBackupsStatus", "ENABLED");
        d.putObject("PointInTimeRecoveryDescription").put("PointInTimeRecoveryStatus", pitr ? "ENABLED" : "DISABLED");
        return response;
    }

    private JsonNode untagResource(JsonNode req) {
        String arn = taggedTable(req);
        JsonNode keys = req.get("TagKeys");
        var map = tags.get(arn);
        if (map != null && keys != null) keys.forEach(k -> map.remove(k.asText()));
        return Req.object();
    }

    private JsonNode listTags(JsonNode req) {
        String arn = taggedTable(req);
        ObjectNode response = Req.object();
        ArrayNode list = response.putArray("Tags");
        new TreeMap<>(tags.getOrDefault(arn, Map.of())).forEach((k, v) -> list.addObject().put("Key", k).put("Value", v));
        return response;
    }
}
