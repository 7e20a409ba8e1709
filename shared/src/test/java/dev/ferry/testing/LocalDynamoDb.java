package dev.ferry.testing;

import dev.ferry.local.dynamodb.DynamoDbEmulator;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;

/** Ferry's local DynamoDB on a free loopback port, with SDK clients that do not retry (faults stay visible). */
public final class LocalDynamoDb implements AutoCloseable {

    private final DynamoDbEmulator emulator;
    private final DynamoDbClient admin;

    private LocalDynamoDb(DynamoDbEmulator emulator) {
        this.emulator = emulator;
        this.admin = client();
    }

    public static LocalDynamoDb start() {
        return new LocalDynamoDb(DynamoDbEmulator.start());
    }

    public static LocalDynamoDb start(Clock clock) {
        return new LocalDynamoDb(DynamoDbEmulator.builder().clock(clock).start());
    }

    /** The environment a function would get: region, dummy keys, endpoint override. */
    public Map<String, String> environment() {
        return Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_ENDPOINT_URL_DYNAMODB", emulator.endpoint().toString());
    }

    public DynamoDbClient client(ExecutionInterceptor... interceptors) {
        return DynamoDbClient.builder()
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .endpointOverride(emulator.endpoint())
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(o -> {
                    o.retryStrategy(AwsRetryStrategy.doNotRetry());
                    List.of(interceptors).forEach(o::addExecutionInterceptor);
                })
                .build();
    }

    public DynamoDbClient admin() {
        return admin;
    }

    /** A table keyed by a string {@code key}, with TTL on {@code expiresAt} and optionally a stream. */
    public void createTable(String name, String key, boolean stream) {
        var request = software.amazon.awssdk.services.dynamodb.model.CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName(key).attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName(key).keyType(KeyType.HASH).build());
        if (stream) {
            request.streamSpecification(StreamSpecification.builder().streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build());
        }
        admin.createTable(request.build());
        admin.updateTimeToLive(b -> b.tableName(name)
                .timeToLiveSpecification(TimeToLiveSpecification.builder().attributeName("expiresAt").enabled(true).build()));
    }

    public DynamoDbEmulator emulator() {
        return emulator;
    }

    @Override
    public void close() {
        admin.close();
        emulator.close();
    }
}
