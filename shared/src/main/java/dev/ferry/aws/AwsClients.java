package dev.ferry.aws;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * The AWS clients of one function, built from its environment map on first use and reused for the life of
 * the execution environment (client construction costs tens of milliseconds; a cold start pays it once).
 * They share one URLConnection HTTP client: no Netty, no Apache, the smallest cold start of the SDK's clients.
 */
public final class AwsClients implements AutoCloseable {

    private static final Map<Map<String, String>, AwsClients> SHARED = new ConcurrentHashMap<>();

    private final ClientSettings settings;
    private final List<ExecutionInterceptor> interceptors;
    private final boolean offline;
    private final SdkHttpClient http;
    private final Lazy<DynamoDbClient> dynamoDb;
    private final Lazy<SnsClient> sns;
    private final Lazy<SqsClient> sqs;
    private final Lazy<KinesisClient> kinesis;

    private AwsClients(ClientSettings settings, List<ExecutionInterceptor> interceptors) {
        this(settings, interceptors, UrlConnectionHttpClient.builder().build(), false);
    }

    private AwsClients(ClientSettings settings, List<ExecutionInterceptor> interceptors, SdkHttpClient http, boolean offline) {
        this.settings = settings;
        this.interceptors = List.copyOf(interceptors);
        this.offline = offline;
        this.http = http;
        this.dynamoDb = new Lazy<>(() -> configure(DynamoDbClient.builder(), ClientSettings.Service.DYNAMODB).build());
        this.sns = new Lazy<>(() -> configure(SnsClient.builder(), ClientSettings.Service.SNS).build());
        // SQS checks the MD5 digests of what it sent against those in the answer; an offline answer carries none.
        this.sqs = new Lazy<>(() -> {
            SqsClientBuilder builder = configure(SqsClient.builder(), ClientSettings.Service.SQS);
            return (offline ? builder.checksumValidationEnabled(false) : builder).build();
        });
        this.kinesis = new Lazy<>(() -> configure(KinesisClient.builder(), ClientSettings.Service.KINESIS).build());
    }

    /** New clients for {@code environment}; the caller owns them. */
    public static AwsClients fromEnvironment(Map<String, String> environment) {
        return new AwsClients(ClientSettings.fromEnvironment(environment), List.of());
    }

    /** New clients with interceptors attached (request counting in tests and benchmarks). */
    public static AwsClients fromEnvironment(Map<String, String> environment, List<ExecutionInterceptor> interceptors) {
        return new AwsClients(ClientSettings.fromEnvironment(environment), interceptors);
    }

    /**
     * Clients that never reach AWS: each request is marshalled, signed with fixed dummy credentials (the
     * environment's own are neither read nor resolved) and handed to {@code http}, which answers it, e.g. with a
     * canned response; SQS's check of the MD5 digests in its answers is off. Region and endpoints come from
     * {@code environment} as usual. For running a function's code path without side effects: priming before a
     * SnapStart snapshot, tests. The clients own {@code http} and close it.
     */
    public static AwsClients offline(Map<String, String> environment, SdkHttpClient http) {
        ClientSettings real = ClientSettings.fromEnvironment(environment);
        ClientSettings dummyKeys = new ClientSettings(real.region(),
                java.util.Optional.of(new ClientSettings.StaticKeys("AKIDOFFLINE", "offline", java.util.Optional.empty())),
                real.endpoints(), real.defaultEndpoint());
        return new AwsClients(dummyKeys, List.of(), http, true);
    }

    /**
     * The clients for {@code environment}, created once per distinct environment and kept for the life of
     * the JVM: what a handler's constructor should call, so warm invocations reuse connections.
     */
    public static AwsClients shared(Map<String, String> environment) {
        return SHARED.computeIfAbsent(Map.copyOf(environment), AwsClients::fromEnvironment);
    }

    public ClientSettings settings() {
        return settings;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb.get();
    }

    public SnsClient sns() {
        return sns.get();
    }

    public SqsClient sqs() {
        return sqs.get();
    }

    public KinesisClient kinesis() {
        return kinesis.get();
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, ClientSettings.Service service) {
        builder.region(Region.of(settings.region()))
                .credentialsProvider(credentials())
                .httpClient(http);
        settings.endpoint(service).ifPresent(builder::endpointOverride);
        if (!interceptors.isEmpty()) {
            ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder();
            interceptors.forEach(override::addExecutionInterceptor);
            builder.overrideConfiguration(override.build());
        }
        return builder;
    }

    private AwsCredentialsProvider credentials() {
        return settings.keys()
                .<AwsCredentialsProvider>map(k -> StaticCredentialsProvider.create(k.sessionToken()
                        .<software.amazon.awssdk.auth.credentials.AwsCredentials>map(t -> AwsSessionCredentials.create(k.accessKeyId(), k.secretAccessKey(), t))
                        .orElseGet(() -> AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey()))))
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    }

    @Override
    public void close() {
        dynamoDb.ifCreated(DynamoDbClient::close);
        sns.ifCreated(SnsClient::close);
        sqs.ifCreated(SqsClient::close);
        kinesis.ifCreated(KinesisClient::close);
        http.close();
        SHARED.values().remove(this);
    }

    /** Thread-safe lazy value: clients nobody uses are never built. */
    private static final class Lazy<T> {
        private final Supplier<T> factory;
        private volatile T value;

        Lazy(Supplier<T> factory) {
            this.factory = factory;
        }

        T get() {
            T v = value;
            if (v == null) {
                synchronized (this) {
                    v = value;
                    if (v == null) {
                        v = factory.get();
                        value = v;
                    }
                }
            }
            return v;
        }

        void ifCreated(java.util.function.Consumer<T> action) {
            T v = value;
            if (v != null) {
                action.accept(v);
            }
        }
    }
}
