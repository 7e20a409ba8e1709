package dev.ferry.local.provision;

import dev.ferry.local.LocalService;
import dev.ferry.local.dynamodb.DynamoDbEmulator;
import dev.ferry.local.kinesis.KinesisService;
import dev.ferry.local.sns.SnsService;
import dev.ferry.local.sqs.SqsService;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The embedded data plane for provisioning tests, with SDK clients pointed at it. */
final class LocalCloud implements AutoCloseable {

    private final List<LocalService> services = new ArrayList<>();
    private final Map<String, String> endpoints = new HashMap<>();
    final DynamoDbClient dynamoDb;
    final SqsClient sqs;
    final SnsClient sns;
    final KinesisClient kinesis;

    LocalCloud() {
        this(true);
    }

    /** @param withKinesis false leaves kinesis-mock (a Node.js process) out, for tests that need no stream */
    LocalCloud(boolean withKinesis) {
        // kinesis-mock is a child process: let it boot while ElasticMQ starts in this JVM.
        var kinesisService = withKinesis ? java.util.concurrent.CompletableFuture.supplyAsync(KinesisService::start) : null;
        add(DynamoDbEmulator.start());
        SqsService sqsService = add(SqsService.start());
        add(SnsService.start(sqsService.endpoint(), "us-east-1"));
        if (kinesisService != null) {
            add(kinesisService.join());
        }
        dynamoDb = DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).endpointOverride(endpoint("DYNAMODB")).build();
        sqs = SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).endpointOverride(endpoint("SQS")).build();
        sns = SnsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).endpointOverride(endpoint("SNS")).build();
        kinesis = withKinesis ? KinesisClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).endpointOverride(endpoint("KINESIS")).build() : null;
    }

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    private <T extends LocalService> T add(T service) {
        services.add(service);
        endpoints.putAll(service.endpoints());
        return service;
    }

    private URI endpoint(String service) {
        return URI.create(endpoints.get("AWS_ENDPOINT_URL_" + service));
    }

    Map<String, String> endpoints() {
        return Map.copyOf(endpoints);
    }

    static Path fixture(String name) {
        try {
            return Path.of(LocalCloud.class.getResource("/provision/" + name + "/manifest.json").toURI()).getParent();
        } catch (Exception e) {
            throw new IllegalStateException("test fixture " + name + " is missing", e);
        }
    }

    @Override
    public void close() {
        dynamoDb.close();
        sqs.close();
        sns.close();
        if (kinesis != null) {
            kinesis.close();
        }
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
    }
}
