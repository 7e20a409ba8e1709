package dev.ferry.local.conformance;

import dev.ferry.local.LocalService;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Where a conformance suite sends its requests: the endpoint in the service's {@code AWS_ENDPOINT_URL_*}
 * variable when set (then with {@code AWS_REGION}, default us-east-1, and the default credential chain,
 * falling back to dummy credentials), else the Ferry service, started here and owned until {@link #close()}.
 */
public final class ConformanceEndpoint<S extends LocalService> implements AutoCloseable {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private final Optional<S> embedded;
    private final URI endpoint;
    private final Region region;
    private final AwsCredentialsProvider credentials;

    private ConformanceEndpoint(Optional<S> embedded, URI endpoint, Region region, AwsCredentialsProvider credentials) {
        this.embedded = embedded;
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
    }

    /**
     * The external endpoint named by {@code endpointEnv} when that variable is set, else a service from
     * {@code start}, reached at its {@code endpointOf} in its {@code regionOf}.
     */
    public static <S extends LocalService> ConformanceEndpoint<S> resolve(
            String endpointEnv, Supplier<S> start, Function<S, URI> endpointOf, Function<S, String> regionOf) {
        AwsCredentialsProvider dummy = StaticCredentialsProvider.create(AwsBasicCredentials.create("ferry", "ferry"));
        String external = System.getenv(endpointEnv);
        if (external != null && !external.isBlank()) {
            Region region = Region.of(Optional.ofNullable(System.getenv("AWS_REGION")).orElse("us-east-1"));
            var credentials = AwsCredentialsProviderChain.of(DefaultCredentialsProvider.builder().build(), dummy);
            return new ConformanceEndpoint<>(Optional.empty(), URI.create(external), region, credentials);
        }
        S service = start.get();
        return new ConformanceEndpoint<>(Optional.of(service), endpointOf.apply(service), Region.of(regionOf.apply(service)), dummy);
    }

    /** Builds a client of this endpoint, region and credentials, on the URL connection HTTP client. */
    public <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C client(B builder) {
        return builder
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** True when the suite runs against the Ferry service started here rather than an external endpoint. */
    public boolean isEmbedded() {
        return embedded.isPresent();
    }

    public Region region() {
        return region;
    }

    /** A resource name no other test (or earlier run against a shared endpoint) uses. */
    public String uniqueName(String purpose) {
        return "ferry-" + purpose + "-" + RUN + "-" + SEQUENCE.incrementAndGet();
    }

    /** Stops the embedded service, if any; close the clients built here first. */
    @Override
    public void close() {
        embedded.ifPresent(LocalService::close);
    }
}
