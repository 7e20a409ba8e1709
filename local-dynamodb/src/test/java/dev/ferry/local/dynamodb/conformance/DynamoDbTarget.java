package dev.ferry.local.dynamodb.conformance;

import dev.ferry.local.dynamodb.DynamoDbEmulator;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The endpoint the conformance suite runs against: the one named by {@code AWS_ENDPOINT_URL_DYNAMODB}
 * (and {@code AWS_ENDPOINT_URL_DYNAMODB_STREAMS}) when set, e.g. LocalStack or AWS itself; otherwise an
 * embedded emulator, started once for the whole test run and shared by every test class.
 */
final class DynamoDbTarget {
    private static DynamoDbTarget shared;

    final URI dynamodbEndpoint;
    final URI streamsEndpoint;
    final Optional<DynamoDbEmulator> emulator;
    final DynamoDbClient dynamodb;
    final DynamoDbStreamsClient streams;

    private DynamoDbTarget(URI dynamodbEndpoint, URI streamsEndpoint, Optional<DynamoDbEmulator> emulator) {
        this.dynamodbEndpoint = dynamodbEndpoint;
        this.streamsEndpoint = streamsEndpoint;
        this.emulator = emulator;
        var http = UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("ferry", "ferry"));
        Region region = Region.of(Optional.ofNullable(System.getenv("AWS_REGION")).orElse("us-east-1"));
        var dynamodbBuilder = DynamoDbClient.builder().endpointOverride(dynamodbEndpoint).region(region).httpClient(http);
        var streamsBuilder = DynamoDbStreamsClient.builder().endpointOverride(streamsEndpoint).region(region).httpClient(http);
        if (emulator.isPresent()) {
            // a remote target (LocalStack, AWS) uses the default credential chain instead
            dynamodbBuilder.credentialsProvider(credentials);
            streamsBuilder.credentialsProvider(credentials);
        }
        this.dynamodb = dynamodbBuilder.build();
        this.streams = streamsBuilder.build();
    }

    static synchronized DynamoDbTarget shared() {
        if (shared == null) {
            String remote = System.getenv("AWS_ENDPOINT_URL_DYNAMODB");
            if (remote != null && !remote.isBlank()) {
                String streams = Optional.ofNullable(System.getenv("AWS_ENDPOINT_URL_DYNAMODB_STREAMS")).orElse(remote);
                shared = new DynamoDbTarget(URI.create(remote), URI.create(streams), Optional.empty());
            } else {
                DynamoDbEmulator emulator = DynamoDbEmulator.builder().ttlSweepInterval(Duration.ofMillis(200)).start();
                Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
                shared = new DynamoDbTarget(emulator.endpoint(), emulator.endpoint(), Optional.of(emulator));
            }
        }
        return shared;
    }

    boolean embedded() {
        return emulator.isPresent();
    }
}
