package dev.ferry.local.lambda;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.ferry.local.http.LoopbackHttpClients;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS clients the runtime itself uses (pollers, destinations), pointed at the endpoints of the local
 * cloud given as {@code AWS_ENDPOINT_URL_<SERVICE>} variables (or {@code AWS_ENDPOINT_URL} for all),
 * with dummy static credentials, over the SDK's Apache client ({@link LoopbackHttpClients}: no 1 ms probe before each
 * call). Created on first use, closed with the runtime.
 */
public final class AwsClients implements AutoCloseable {
    private final Map<String, String> endpoints;
    private final Region region;
    private final List<AutoCloseable> created = new ArrayList<>();
    private SqsClient sqs;
    private SnsClient sns;
    private KinesisClient kinesis;
    private DynamoDbStreamsClient streams;

    public AwsClients(Map<String, String> endpoints, String region) {
        this.endpoints = Map.copyOf(endpoints);
        this.region = Region.of(region);
    }

    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = track(configure(SqsClient.builder(), "SQS").build());
        }
        return sqs;
    }

    public synchronized SnsClient sns() {
        if (sns == null) {
            sns = track(configure(SnsClient.builder(), "SNS").build());
        }
        return sns;
    }

    public synchronized KinesisClient kinesis() {
        if (kinesis == null) {
            kinesis = track(configure(KinesisClient.builder(), "KINESIS").build());
        }
        return kinesis;
    }

    public synchronized DynamoDbStreamsClient dynamoDbStreams() {
        if (streams == null) {
            streams = track(configure(DynamoDbStreamsClient.builder(), "DYNAMODB_STREAMS", "DYNAMODB").build());
        }
        return streams;
    }

    /** The endpoint for a service id, e.g. {@code SQS}: its own variable, else {@code AWS_ENDPOINT_URL}. */
    public Optional<URI> endpoint(String... serviceIds) {
        for (String id : serviceIds) {
            String v = endpoints.get("AWS_ENDPOINT_URL_" + id);
            if (v != null && !v.isBlank()) {
                return Optional.of(URI.create(v));
            }
        }
        return Optional.ofNullable(endpoints.get("AWS_ENDPOINT_URL")).filter(s -> !s.isBlank()).map(URI::create);
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String... serviceIds) {
        builder.region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("ferry-local", "ferry-local")));
        endpoint(serviceIds).ifPresent(builder::endpointOverride);
        if (builder instanceof software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<?, ?> sync) {
            sync.httpClientBuilder(LoopbackHttpClients.builder());
        }
        return builder;
    }

    private <T extends AutoCloseable> T track(T client) {
        created.add(client);
        return client;
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable c : created) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing HTTP connections; nothing to recover
            }
        }
        created.clear();
        sqs = null;
        sns = null;
        kinesis = null;
        streams = null;
    }
}
