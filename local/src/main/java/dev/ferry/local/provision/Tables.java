package dev.ferry.local.provision;

import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** {@code AWS::DynamoDB::Table} and {@code AWS::DynamoDB::GlobalTable} (one local replica) through CreateTable. */
final class Tables {

    private static final int NAME_LIMIT = 255;

    private final AwsClients clients;
    private final ProvisionLog log;

    Tables(AwsClients clients, ProvisionLog log) {
        this.clients = clients;
        this.log = log;
    }

    ResourceState provision(Resource resource) {
        Props p = resource.properties();
        boolean global = resource.type().equals("AWS::DynamoDB::GlobalTable");
        String name = p.string("TableName")
                .orElseGet(() -> PhysicalNames.generate(resource.stack().stackName(), resource.logicalId(), NAME_LIMIT, ""));
        DynamoDbClient dynamoDb = clients.dynamoDb("table " + resource.describe());
        // CloudFormation's default billing mode is PROVISIONED for tables, PAY_PER_REQUEST for global tables.
        String billing = p.string("BillingMode").orElse(global ? "PAY_PER_REQUEST" : "PROVISIONED");
        boolean onDemand = global || billing.equals("PAY_PER_REQUEST");
        if (global && billing.equals("PROVISIONED")) {
            log.note("global tables are created on demand locally (their auto-scaled capacity has no local meaning)");
        }
        CreateTableRequest.Builder request = createRequest(p, name, onDemand);
        Optional<String> streamViewType = p.child("StreamSpecification").string("StreamViewType");
        streamViewType.ifPresent(view -> request.streamSpecification(
                StreamSpecification.builder().streamEnabled(true).streamViewType(view).build()));
        if (p.has("SSESpecification") || p.has("PointInTimeRecoverySpecification")) {
            log.note("table encryption and point-in-time recovery are not applied locally");
        }
        if (global && p.list("Replicas").size() > 1) {
            log.note("a global table has one replica locally, in the endpoint's region");
        }

        TableDescription table;
        boolean created;
        try {
            table = dynamoDb.createTable(request.build()).tableDescription();
            created = true;
        } catch (ResourceInUseException exists) {
            table = dynamoDb.describeTable(b -> b.tableName(name)).table();
            created = false;
        }
        table = waitActive(dynamoDb, table);
        Props ttl = p.child("TimeToLiveSpecification");
        // A reused table gets its TTL too: an earlier run may have stopped between CreateTable and UpdateTimeToLive.
        if (ttl.bool("Enabled", false) && (created || !ttlEnabled(dynamoDb, name))) {
            String attribute = ttl.requireString("AttributeName");
            dynamoDb.updateTimeToLive(b -> b.tableName(name)
                    .timeToLiveSpecification(t -> t.attributeName(attribute).enabled(true)));
        }
        if (streamViewType.isPresent() && table.latestStreamArn() == null) {
            throw new ProvisioningException(resource.describe() + ": table " + name + " exists on the endpoint without"
                    + " a stream, but the template asks for one. Delete the table (or restart the endpoint) and provision again.");
        }
        log.provisioned(resource, name, created);
        return table.latestStreamArn() == null
                ? ResourceState.of(name, "Arn", table.tableArn())
                : ResourceState.of(name, "Arn", table.tableArn(), "StreamArn", table.latestStreamArn());
    }

    private static CreateTableRequest.Builder createRequest(Props p, String name, boolean onDemand) {
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(name)
                .keySchema(keys(p.list("KeySchema")))
                .attributeDefinitions(p.list("AttributeDefinitions").stream()
                        .map(a -> AttributeDefinition.builder().attributeName(a.requireString("AttributeName"))
                                .attributeType(a.requireString("AttributeType")).build()).toList())
                .billingMode(onDemand ? BillingMode.PAY_PER_REQUEST : BillingMode.PROVISIONED);
        if (!onDemand) {
            request.provisionedThroughput(throughput(p.child("ProvisionedThroughput")));
        }
        List<GlobalSecondaryIndex> gsis = p.list("GlobalSecondaryIndexes").stream().map(index -> {
            GlobalSecondaryIndex.Builder gsi = GlobalSecondaryIndex.builder()
                    .indexName(index.requireString("IndexName"))
                    .keySchema(keys(index.list("KeySchema")))
                    .projection(projection(index.child("Projection")));
            if (!onDemand) {
                gsi.provisionedThroughput(throughput(index.child("ProvisionedThroughput")));
            }
            return gsi.build();
        }).toList();
        if (!gsis.isEmpty()) {
            request.globalSecondaryIndexes(gsis);
        }
        List<LocalSecondaryIndex> lsis = p.list("LocalSecondaryIndexes").stream().map(index -> LocalSecondaryIndex.builder()
                .indexName(index.requireString("IndexName"))
                .keySchema(keys(index.list("KeySchema")))
                .projection(projection(index.child("Projection"))).build()).toList();
        if (!lsis.isEmpty()) {
            request.localSecondaryIndexes(lsis);
        }
        return request;
    }

    private static boolean ttlEnabled(DynamoDbClient dynamoDb, String table) {
        TimeToLiveStatus status = dynamoDb.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription().timeToLiveStatus();
        return status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING;
    }

    /**
     * Asks again at once, then after 10, 20, 40 ... 200 ms: CreateTable answers CREATING, and an emulator (Ferry's,
     * LocalStack) has the table ACTIVE by the next request, so a fixed pause before asking would only add up, table
     * after table, to the start-up time.
     */
    private static TableDescription waitActive(DynamoDbClient dynamoDb, TableDescription table) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        long pauseMs = 0;
        while (table.tableStatus() != TableStatus.ACTIVE) {
            if (System.nanoTime() > deadline) {
                throw new ProvisioningException("table " + table.tableName() + " is still " + table.tableStatus()
                        + " after 60 s; is the endpoint healthy?");
            }
            sleep(pauseMs);
            pauseMs = Math.min(Math.max(10, pauseMs * 2), 200);
            String name = table.tableName();
            table = dynamoDb.describeTable(b -> b.tableName(name)).table();
        }
        return table;
    }

    private static void sleep(long ms) {
        if (ms == 0) return;
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("interrupted while waiting for a table to become ACTIVE", e);
        }
    }

    private static List<KeySchemaElement> keys(List<Props> schema) {
        return schema.stream().map(k -> KeySchemaElement.builder().attributeName(k.requireString("AttributeName"))
                .keyType(k.requireString("KeyType")).build()).toList();
    }

    private static Projection projection(Props p) {
        Projection.Builder projection = Projection.builder().projectionType(p.string("ProjectionType").orElse("ALL"));
        List<String> nonKey = p.strings("NonKeyAttributes");
        if (!nonKey.isEmpty()) {
            projection.nonKeyAttributes(nonKey);
        }
        return projection.build();
    }

    private static ProvisionedThroughput throughput(Props p) {
        return ProvisionedThroughput.builder()
                .readCapacityUnits(p.longValue("ReadCapacityUnits").orElse(5L))
                .writeCapacityUnits(p.longValue("WriteCapacityUnits").orElse(5L)).build();
    }
}
