package dev.ferry.local.sqs.conformance;

import dev.ferry.local.sqs.SqsService;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The SQS the conformance suite runs against: the endpoint in {@code AWS_ENDPOINT_URL_SQS} when set (then
 * AWS's own behaviour is asserted everywhere), else Ferry's embedded ElasticMQ, started once for the whole
 * run (then the few documented ElasticMQ differences are asserted as such, see docs/local-cloud.md).
 * Inject {@link SqsTarget} or {@link SqsClient} into test methods or constructors.
 */
public final class SqsTarget implements AutoCloseable {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private final Optional<SqsService> embedded;
    private final SqsClient client;
    private final Region region;

    private SqsTarget(Optional<SqsService> embedded, URI endpoint, Region region, AwsCredentialsProvider credentials) {
        this.embedded = embedded;
        this.region = region;
        this.client = SqsClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                // The SDK checks MD5OfMessageBody / MD5OfMessageAttributes of every send and receive:
                // the suite relies on it to verify the emulator's digests.
                .checksumValidationEnabled(true)
                .build();
    }

    static SqsTarget create() {
        AwsCredentialsProvider dummy = StaticCredentialsProvider.create(AwsBasicCredentials.create("ferry", "ferry"));
        String external = System.getenv(SqsService.ENDPOINT_ENV);
        if (external != null && !external.isBlank()) {
            Region region = Region.of(Optional.ofNullable(System.getenv("AWS_REGION")).orElse("us-east-1"));
            var credentials = AwsCredentialsProviderChain.of(DefaultCredentialsProvider.builder().build(), dummy);
            return new SqsTarget(Optional.empty(), URI.create(external), region, credentials);
        }
        SqsService service = SqsService.start();
        return new SqsTarget(Optional.of(service), service.endpoint(), Region.of(service.region()), dummy);
    }

    /** True when the suite runs against Ferry's embedded ElasticMQ rather than an external endpoint. */
    public boolean isEmbeddedElasticMq() {
        return embedded.isPresent();
    }

    public SqsClient client() {
        return client;
    }

    public Region region() {
        return region;
    }

    /** A queue name no other test (or earlier run against a shared endpoint) uses. */
    public String uniqueName(String purpose) {
        return "ferry-" + purpose + "-" + RUN + "-" + SEQUENCE.incrementAndGet();
    }

    @Override
    public void close() {
        client.close();
        embedded.ifPresent(SqsService::close);
    }

    /** Resolves {@link SqsTarget} and {@link SqsClient} parameters from one target per test run. */
    public static final class Extension implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            Class<?> type = parameter.getParameter().getType();
            return type == SqsTarget.class || type == SqsClient.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            SqsTarget target = context.getRoot().getStore(ExtensionContext.Namespace.create(SqsTarget.class))
                    .getOrComputeIfAbsent(SqsTarget.class, key -> create(), SqsTarget.class);
            return parameter.getParameter().getType() == SqsClient.class ? target.client() : target;
        }
    }
}
