package dev.ferry.local.cli;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS clients a command uses, made on first use and closed with it: pointed at the endpoints a running
 * {@code ferry up} published ({@code AWS_ENDPOINT_URL_<SERVICE>}, else {@code AWS_ENDPOINT_URL}), or at AWS through
 * the default credential chain and region.
 */
final class CommandClients implements AutoCloseable {
    /** A synchronous Invoke waits for the function: Lambda's longest timeout is 15 minutes. */
    private static final Duration INVOKE_TIMEOUT = Duration.ofMinutes(16);

    private final Optional<Map<String, String>> local;
    private final Map<Class<?>, AutoCloseable> created = new LinkedHashMap<>();

    private CommandClients(Optional<Map<String, String>> local) {
        this.local = local;
    }

    /** The clients of the local cloud whose {@code up} wrote {@code environment}. */
    static CommandClients local(Map<String, String> environment) {
        return new CommandClients(Optional.of(Map.copyOf(environment)));
    }

    /** The clients of AWS, as the AWS CLI finds credentials and region. */
    static CommandClients aws() {
        return new CommandClients(Optional.empty());
    }

    boolean isAws() {
        return local.isEmpty();
    }

    SqsClient sqs() {
        return client(SqsClient.class, () -> configure(SqsClient.builder(), "SQS", "SQS").build());
    }

    SnsClient sns() {
        return client(SnsClient.class, () -> configure(SnsClient.builder(), "SNS", "SNS").build());
    }

    LambdaClient lambda() {
        return client(LambdaClient.class, () -> configure(LambdaClient.builder(), "LAMBDA", "Lambda")
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(INVOKE_TIMEOUT)).build());
    }

    KinesisClient kinesis() {
        return client(KinesisClient.class, () -> configure(KinesisClient.builder(), "KINESIS", "Kinesis").build());
    }

    DynamoDbClient dynamoDb() {
        return client(DynamoDbClient.class, () -> configure(DynamoDbClient.builder(), "DYNAMODB", "DynamoDB").build());
    }

    DynamoDbStreamsClient dynamoDbStreams() {
        return client(DynamoDbStreamsClient.class, () -> configure(DynamoDbStreamsClient.builder(), "DYNAMODB_STREAMS",
                "DynamoDB Streams").build());
    }

    /** Where the Lambda API is, for messages: the local {@code up}'s endpoint or AWS. */
    String lambdaDescription() {
        return local.map(env -> "the local Lambda API at " + endpoint(env, "LAMBDA", "Lambda")).orElse("AWS Lambda");
    }

    private <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B configure(B builder, String serviceId, String service) {
        builder.httpClientBuilder(UrlConnectionHttpClient.builder());
        local.ifPresent(env -> {
            builder.endpointOverride(endpoint(env, serviceId, service));
            builder.region(Region.of(env.getOrDefault("AWS_REGION", "us-east-1")));
            builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    env.getOrDefault("AWS_ACCESS_KEY_ID", "local"), env.getOrDefault("AWS_SECRET_ACCESS_KEY", "local"))));
        });
        return builder;
    }

    private static URI endpoint(Map<String, String> env, String serviceId, String service) {
        String value = Optional.ofNullable(env.get("AWS_ENDPOINT_URL_" + serviceId)).filter(s -> !s.isBlank())
                .orElse(env.get("AWS_ENDPOINT_URL"));
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(serviceId.equals("LAMBDA")
                    ? "the running './ferry up' publishes no Lambda endpoint (AWS_ENDPOINT_URL_LAMBDA in .ferry/up.json): it runs "
                    + "no functions (--data-plane-only) or was started by an older ferry; start './ferry up' with the app"
                    : "the running './ferry up' publishes no " + service + " endpoint (AWS_ENDPOINT_URL_" + serviceId
                    + " in .ferry/up.json); restart './ferry up'");
        }
        return URI.create(value);
    }

    private synchronized <T extends AutoCloseable> T client(Class<T> type, Supplier<T> create) {
        return type.cast(created.computeIfAbsent(type, t -> create.get()));
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable c : created.values()) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing idle HTTP connections; nothing to recover
            }
        }
        created.clear();
    }
}
