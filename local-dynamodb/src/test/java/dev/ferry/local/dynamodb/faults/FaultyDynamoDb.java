package dev.ferry.local.dynamodb.faults;

import dev.ferry.local.dynamodb.DynamoDbEmulator;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * An emulator whose faults a test switches, with two SDK clients: {@code sdkDefaults} retries as the
 * DynamoDB client does out of the box, {@code noRetries} shows every error to the caller.
 */
final class FaultyDynamoDb implements AutoCloseable {
    /** An on-demand table keyed by {@code id}. */
    static final String ACCOUNTS = "accounts";
    /** A provisioned table keyed by {@code id}. */
    static final String LEDGER = "ledger";

    final DynamoDbEmulator emulator;
    final DynamoDbClient sdkDefaults;
    final DynamoDbClient noRetries;

    FaultyDynamoDb() {
        emulator = DynamoDbEmulator.start();
        sdkDefaults = client().build();
        noRetries = client().overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
        createTable(ACCOUNTS, BillingMode.PAY_PER_REQUEST);
        createTable(LEDGER, BillingMode.PROVISIONED);
    }

    private DynamoDbClientBuilder client() {
        return DynamoDbClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)).build());
    }

    void createTable(String name, BillingMode billing) {
        noRetries.createTable(b -> {
            b.tableName(name).billingMode(billing)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build());
            if (billing == BillingMode.PROVISIONED) b.provisionedThroughput(t -> t.readCapacityUnits(5L).writeCapacityUnits(5L));
        });
    }

    DynamoDbFaults faults() {
        return emulator.faults();
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static Map<String, AttributeValue> key(String id) {
        return Map.of("id", s(id));
    }

    /** Writes an account with a balance, unconditionally and without faults getting in the way. */
    void open(String id, long balance) {
        noRetries.putItem(b -> b.tableName(ACCOUNTS).item(Map.of("id", s(id), "balance", n(balance))));
    }

    long balance(String id) {
        return Long.parseLong(noRetries.getItem(b -> b.tableName(ACCOUNTS).key(key(id)).consistentRead(true)).item().get("balance").n());
    }

    @Override
    public void close() {
        sdkDefaults.close();
        noRetries.close();
        emulator.close();
    }
}
