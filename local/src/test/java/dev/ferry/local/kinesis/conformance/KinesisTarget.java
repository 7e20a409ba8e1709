package dev.ferry.local.kinesis.conformance;

import dev.ferry.local.kinesis.KinesisService;
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
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The Kinesis the conformance suite runs against: the endpoint in {@code AWS_ENDPOINT_URL_KINESIS} when
 * set (then AWS's own behaviour is asserted everywhere), else Ferry's kinesis-mock, started once for the
 * whole run (then the documented kinesis-mock differences are asserted as such, see docs/local-cloud.md).
 * The client uses the SDK's default wire protocol, CBOR.
 */
public final class KinesisTarget implements AutoCloseable {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private final Optional<KinesisService> embedded;
    private final KinesisClient client;
    private final Region region;

    private KinesisTarget(Optional<KinesisService> embedded, URI endpoint, Region region, AwsCredentialsProvider credentials) {
        this.embedded = embedded;
        this.region = region;
        this.client = KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    static KinesisTarget create() {
        AwsCredentialsProvider dummy = StaticCredentialsProvider.create(AwsBasicCredentials.create("ferry", "ferry"));
        String external = System.getenv(KinesisService.ENDPOINT_ENV);
        if (external != null && !external.isBlank()) {
            Region region = Region.of(Optional.ofNullable(System.getenv("AWS_REGION")).orElse("us-east-1"));
            var credentials = AwsCredentialsProviderChain.of(DefaultCredentialsProvider.builder().build(), dummy);
            return new KinesisTarget(Optional.empty(), URI.create(external), region, credentials);
        }
        KinesisService service = KinesisService.start();
        return new KinesisTarget(Optional.of(service), service.endpoint(), Region.of(service.region()), dummy);
    }

    /** True when the suite runs against Ferry's kinesis-mock rather than an external endpoint. */
    public boolean isEmbeddedKinesisMock() {
        return embedded.isPresent();
    }

    public KinesisClient client() {
        return client;
    }

    public Region region() {
        return region;
    }

    /** A stream name no other test (or earlier run against a shared endpoint) uses. */
    public String uniqueName(String purpose) {
        return "ferry-" + purpose + "-" + RUN + "-" + SEQUENCE.incrementAndGet();
    }

    @Override
    public void close() {
        client.close();
        embedded.ifPresent(KinesisService::close);
    }

    /** Resolves {@link KinesisTarget} and {@link KinesisClient} parameters from one target per test run. */
    public static final class Extension implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            Class<?> type = parameter.getParameter().getType();
            return type == KinesisTarget.class || type == KinesisClient.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            KinesisTarget target = context.getRoot().getStore(ExtensionContext.Namespace.create(KinesisTarget.class))
                    .getOrComputeIfAbsent(KinesisTarget.class, key -> create(), KinesisTarget.class);
            return parameter.getParameter().getType() == KinesisClient.class ? target.client() : target;
        }
    }
}
