package dev.ferry.local.provision;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The SDK clients provisioning uses, each created on first use so that unused services need no endpoint; stacks
 * provisioned at the same time share them.
 */
final class AwsClients implements AutoCloseable {

    private final Endpoints endpoints;
    private final AwsCredentialsProvider credentials;
    private final List<SdkClient> open = new ArrayList<>();
    private DynamoDbClient dynamoDb;
    private SqsClient sqs;
    private SnsClient sns;
    private KinesisClient kinesis;

    AwsClients(Endpoints endpoints) {
        this.endpoints = endpoints;
        var env = endpoints.environment();
        // Local emulators accept any credentials; take the caller's when given (e.g. for LocalStack Pro).
        this.credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                env.getOrDefault("AWS_ACCESS_KEY_ID", "test"), env.getOrDefault("AWS_SECRET_ACCESS_KEY", "test")));
    }

    String region() {
        return endpoints.region();
    }

    synchronized DynamoDbClient dynamoDb(String forWhat) {
        if (dynamoDb == null) {
            dynamoDb = track(DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                    .region(Region.of(region())).credentialsProvider(credentials)
                    .endpointOverride(endpoints.require("dynamodb", forWhat)).build());
        }
        return dynamoDb;
    }

    synchronized SqsClient sqs(String forWhat) {
        if (sqs == null) {
            sqs = track(SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                    .region(Region.of(region())).credentialsProvider(credentials)
                    .endpointOverride(endpoints.require("sqs", forWhat)).build());
        }
        return sqs;
    }

    synchronized SnsClient sns(String forWhat) {
        if (sns == null) {
            sns = track(SnsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                    .region(Region.of(region())).credentialsProvider(credentials)
                    .endpointOverride(endpoints.require("sns", forWhat)).build());
        }
        return sns;
    }

    synchronized KinesisClient kinesis(String forWhat) {
        if (kinesis == null) {
            kinesis = track(KinesisClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                    .region(Region.of(region())).credentialsProvider(credentials)
                    .endpointOverride(endpoints.require("kinesis", forWhat)).build());
        }
        return kinesis;
    }

    private <T extends SdkClient> T track(T client) {
        open.add(client);
        return client;
    }

    @Override
    public synchronized void close() {
        open.forEach(SdkClient::close);
        open.clear();
    }
}
