package dev.ferry.local.conformance;

import java.util.function.Function;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.regions.Region;

/**
 * One service a conformance suite runs against: its {@link ConformanceEndpoint} and the SDK client of it
 * the tests use. Subclasses name the service and how its client is built.
 */
public abstract class ConformanceTarget<C extends SdkClient> implements AutoCloseable {

    private final ConformanceEndpoint<?> endpoint;
    private final C client;

    protected ConformanceTarget(ConformanceEndpoint<?> endpoint, Function<ConformanceEndpoint<?>, C> clientOf) {
        this.endpoint = endpoint;
        this.client = clientOf.apply(endpoint);
    }

    /** True when the suite runs against the Ferry service started for it rather than an external endpoint. */
    protected final boolean isEmbedded() {
        return endpoint.isEmbedded();
    }

    public final C client() {
        return client;
    }

    public final Region region() {
        return endpoint.region();
    }

    /** A resource name no other test (or earlier run against a shared endpoint) uses. */
    public final String uniqueName(String purpose) {
        return endpoint.uniqueName(purpose);
    }

    @Override
    public final void close() {
        client.close();
        endpoint.close();
    }
}
