package dev.ferry.e2e;

import dev.ferry.local.cost.RequestLedger;
import dev.ferry.local.deployment.ApiSpec;
import dev.ferry.local.eventsource.MappingPollers;
import dev.ferry.local.faults.FaultPlan;
import dev.ferry.local.lambda.LambdaRuntime;
import dev.ferry.local.lambda.RuntimeSettings;
import dev.ferry.local.system.LocalSystem;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One running copy of the workflow (a {@link LocalSystem} from the synthesized CDK app) and the clients a
 * test uses to talk to it: the REST API over HTTP and DynamoDB, SQS and Kinesis through the AWS SDK.
 * Tests read the runtime only for what a user would read from it too: fault and invocation counters.
 */
final class FerrySystem implements AutoCloseable {

    private final String stage;
    private final Target target;
    private final LocalSystem system;
    private final Api api;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final KinesisClient kinesis;
    private final DynamoDbStreamsClient dynamoDbStreams;

    private FerrySystem(String stage, Target target, LocalSystem system) {
        this.stage = stage;
        this.target = target;
        this.system = system;
        this.api = new Api(system.apiUrl());
        Map<String, String> env = system.environment();
        this.dynamoDb = DynamoDbClient.builder().endpointOverride(endpoint(env, "DYNAMODB")).region(Region.US_EAST_1)
                .credentialsProvider(credentials(env)).httpClient(UrlConnectionHttpClient.create()).build();
        this.sqs = SqsClient.builder().endpointOverride(endpoint(env, "SQS")).region(Region.US_EAST_1)
                .credentialsProvider(credentials(env)).httpClient(UrlConnectionHttpClient.create()).build();
        this.kinesis = KinesisClient.builder().endpointOverride(endpoint(env, "KINESIS")).region(Region.US_EAST_1)
                .credentialsProvider(credentials(env)).httpClient(UrlConnectionHttpClient.create()).build();
        this.dynamoDbStreams = DynamoDbStreamsClient.builder().endpointOverride(endpoint(env, "DYNAMODB_STREAMS"))
                .region(Region.US_EAST_1).credentialsProvider(credentials(env)).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /**
     * Synthesizes the app as {@code stage}, starts it on the embedded data plane or on {@code external} with
     * the given faults, and (when asked) shortens the consumer queues' visibility timeout so that a batch a
     * crashed handler left behind comes back in seconds rather than after the deployed 3 minutes.
     */
    static FerrySystem start(Target target, Optional<URI> external, String stage, FaultPlan faults,
                             Optional<Integer> visibilitySeconds) {
        Path assembly = CloudAssembly.of(stage);
        LocalSystem.Options options = LocalSystem.Options.of(assembly).withFaults(faults)
                .withRuntimeSettings(RuntimeSettings.defaults());
        if (external.isPresent()) {
            options = options.withExternalEndpoint(external.get());
        }
        LocalSystem system = LocalSystem.start(options);
        System.out.printf("e2e: system '%s' on %s ready in %d ms (faults: %s)%n", stage, target,
                system.startupTime().toMillis(), faults);
        FerrySystem ferry = new FerrySystem(stage, target, system);
        visibilitySeconds.ifPresent(ferry::shortenVisibility);
        return ferry;
    }

    private void shortenVisibility(int seconds) {
        for (String url : sqs.listQueues(r -> r.queueNamePrefix(stage + "-")).queueUrls()) {
            if (!url.contains("-dlq") && !url.endsWith("stream-failures")) {
                sqs.setQueueAttributes(r -> r.queueUrl(url)
                        .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(seconds))));
            }
        }
    }

    private static URI endpoint(Map<String, String> env, String service) {
        return URI.create(Optional.ofNullable(env.get("AWS_ENDPOINT_URL_" + service))
                .orElseGet(() -> env.get("AWS_ENDPOINT_URL")));
    }

    private static StaticCredentialsProvider credentials(Map<String, String> env) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(
                env.getOrDefault("AWS_ACCESS_KEY_ID", "test"), env.getOrDefault("AWS_SECRET_ACCESS_KEY", "test")));
    }

    /** The physical name of a workflow resource in this system's stage, e.g. {@code e2e-orders}. */
    String name(String logicalName) {
        return stage + "-" + logicalName;
    }

    String queueUrl(String logicalName) {
        return sqs.getQueueUrl(r -> r.queueName(name(logicalName))).queueUrl();
    }

    String stage() {
        return stage;
    }

    Target target() {
        return target;
    }

    Api api() {
        return api;
    }

    DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    SqsClient sqs() {
        return sqs;
    }

    KinesisClient kinesis() {
        return kinesis;
    }

    DynamoDbStreamsClient dynamoDbStreams() {
        return dynamoDbStreams;
    }

    LambdaRuntime runtime() {
        return system.runtime();
    }

    /** What the system has asked of AWS so far, as {@code ferry cost} reads it (docs/cost.md). */
    RequestLedger ledger() {
        return system.ledger();
    }

    /** The event source mappings' pollers and their counters: they run beside the runtime, composed by the system. */
    MappingPollers mappings() {
        return system.mappings();
    }

    /** Endpoints, region and credentials of the data plane and the Lambda API, as {@code ferry up} exports them. */
    Map<String, String> environment() {
        return system.environment();
    }

    /** The REST API's routes as the synthesized CDK app declares them (what API Gateway would route). */
    List<ApiSpec.ApiRoute> apiRoutes() {
        return system.deployment().apis().stream().flatMap(api -> api.routes().stream()).toList();
    }

    @Override
    public void close() {
        try {
            system.close();
        } finally {
            dynamoDb.close();
            sqs.close();
            kinesis.close();
            dynamoDbStreams.close();
        }
    }
}
