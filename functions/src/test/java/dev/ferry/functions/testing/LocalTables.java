package dev.ferry.functions.testing;

import dev.ferry.local.dynamodb.DynamoDbEmulator;
import dev.ferry.outbox.OutboxTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Ferry's DynamoDB emulator on a free loopback port with the contract's tables (docs/architecture.md,
 * "Tables"), each test class getting its own set by name prefix, and the environment a function would get.
 */
public final class LocalTables implements AutoCloseable {

    private final DynamoDbEmulator emulator;
    private final DynamoDbClient client;
    private final String prefix;

    private LocalTables(DynamoDbEmulator emulator, String prefix) {
        this.emulator = emulator;
        this.prefix = prefix;
        this.client = DynamoDbClient.builder()
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .endpointOverride(emulator.endpoint())
                .httpClient(UrlConnectionHttpClient.builder().build())
                .build();
    }

    /** A fresh emulator with every table of the contract. */
    public static LocalTables start() {
        LocalTables tables = new LocalTables(DynamoDbEmulator.start(), "t" + Long.toString(System.nanoTime(), 36) + "-");
        tables.createHashTable("orders", "id", false);
        tables.createHashTable("accounts", "id", false);
        tables.client.createTable(OutboxTable.named(tables.name("orders-outbox")).createTableRequest());
        tables.client.createTable(OutboxTable.named(tables.name("accounts-outbox")).createTableRequest());
        tables.createHashTable("idempotency", "id", false);
        tables.createHashTable("notifications", "id", false);
        tables.createHashTable("analytics", "minute", false);
        tables.client.createTable(CreateTableRequest.builder().tableName(tables.name("audit")).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("correlationId"), attribute("position"))
                .keySchema(KeySchemaElement.builder().attributeName("correlationId").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("position").keyType(KeyType.RANGE).build())
                .build());
        return tables;
    }

    public void createHashTable(String logicalName, String key, boolean stream) {
        CreateTableRequest.Builder request = CreateTableRequest.builder().tableName(name(logicalName)).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute(key))
                .keySchema(KeySchemaElement.builder().attributeName(key).keyType(KeyType.HASH).build());
        if (stream) {
            request.streamSpecification(StreamSpecification.builder().streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE).build());
        }
        client.createTable(request.build());
    }

    /** The physical name of a contract table. */
    public String name(String logicalName) {
        return prefix + logicalName;
    }

    /** Region, dummy keys, the DynamoDB endpoint and every table variable of the contract. */
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", emulator.endpoint().toString());
        for (String table : List.of("orders", "accounts", "orders-outbox", "accounts-outbox", "idempotency", "notifications", "analytics", "audit")) {
            env.put(table.toUpperCase().replace('-', '_') + "_TABLE", name(table));
        }
        // A month, as the deployed consumers get (see infra's RedeliveryHorizons).
        env.put("IDEMPOTENCY_TTL_SECONDS", Long.toString(Duration.ofDays(30).toSeconds()));
        return env;
    }

    public DynamoDbClient client() {
        return client;
    }

    public Map<String, AttributeValue> item(String logicalTable, String key, String value) {
        return client.getItem(b -> b.tableName(name(logicalTable)).key(Map.of(key, AttributeValue.fromS(value))).consistentRead(true)).item();
    }

    /** Every item of a table (small test tables: one scan page is plenty, but follow pages anyway). */
    public List<Map<String, AttributeValue>> scan(String logicalTable) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        client.scanPaginator(b -> b.tableName(name(logicalTable)).consistentRead(true)).items().forEach(items::add);
        return items;
    }

    /** The pending outbox records of a service ({@code orders} or {@code accounts}), optionally of one event type. */
    public List<Map<String, AttributeValue>> outbox(String service, String type) {
        return scan(service + "-outbox").stream()
                .filter(i -> i.containsKey("kind") && "outbox".equals(i.get("kind").s()))
                .filter(i -> type == null || type.equals(i.get("type").s()))
                .toList();
    }

    public int count(String logicalTable) {
        return scan(logicalTable).size();
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    @Override
    public void close() {
        client.close();
        emulator.close();
    }
}
