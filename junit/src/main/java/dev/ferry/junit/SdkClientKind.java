package dev.ferry.junit;

import dev.ferry.local.LocalCloud;
import java.net.URI;
import java.util.Arrays;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The SDK v2 clients the extension injects, each with the service that must run for it. */
enum SdkClientKind {
    DYNAMODB(DynamoDbClient.class, FerryService.DYNAMODB),
    DYNAMODB_STREAMS(DynamoDbStreamsClient.class, FerryService.DYNAMODB),
    SQS(SqsClient.class, FerryService.SQS),
    SNS(SnsClient.class, FerryService.SNS),
    KINESIS(KinesisClient.class, FerryService.KINESIS);

    private final Class<? extends SdkClient> type;
    private final FerryService service;

    SdkClientKind(Class<? extends SdkClient> type, FerryService service) {
        this.type = type;
        this.service = service;
    }

    Class<? extends SdkClient> type() {
        return type;
    }

    FerryService service() {
        return service;
    }

    /** The kind whose client is exactly {@code type}; empty for any other type. */
    static Optional<SdkClientKind> of(Class<?> type) {
        return Arrays.stream(values()).filter(k -> k.type == type).findFirst();
    }

    static String supportedTypes() {
        return String.join(", ", Arrays.stream(values()).map(k -> k.type.getSimpleName()).toList());
    }

    /** A client of this kind for {@code endpoint}, in the local cloud's region, with the dummy credentials it accepts. */
    SdkClient create(URI endpoint) {
        return switch (this) {
            case DYNAMODB -> configured(DynamoDbClient.builder(), endpoint);
            case DYNAMODB_STREAMS -> configured(DynamoDbStreamsClient.builder(), endpoint);
            case SQS -> configured(SqsClient.builder(), endpoint);
            case SNS -> configured(SnsClient.builder(), endpoint);
            case KINESIS -> configured(KinesisClient.builder(), endpoint);
        };
    }

    private static <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C configured(B builder, URI endpoint) {
        return builder.endpointOverride(endpoint)
                .region(Region.of(LocalCloud.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                // A builder, not a built client, so that closing the SDK client closes its HTTP client too.
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }
}
