package dev.ferry.local.kinesis.conformance;

import dev.ferry.local.conformance.ConformanceEndpoint;
import dev.ferry.local.conformance.SharedTargetExtension;
import dev.ferry.local.kinesis.KinesisService;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The Kinesis the conformance suite runs against: the endpoint in {@code AWS_ENDPOINT_URL_KINESIS} when
 * set (then AWS's own behaviour is asserted everywhere), else Ferry's kinesis-mock, started once for the
 * whole run (then the documented kinesis-mock differences are asserted as such, see docs/local-cloud.md).
 * The client uses the SDK's default wire protocol, CBOR.
 */
public final class KinesisTarget implements AutoCloseable {

    private final ConformanceEndpoint<KinesisService> endpoint;
    private final KinesisClient client;

    private KinesisTarget(ConformanceEndpoint<KinesisService> endpoint) {
        this.endpoint = endpoint;
        this.client = endpoint.client(KinesisClient.builder());
    }

    static KinesisTarget create() {
        return new KinesisTarget(ConformanceEndpoint.resolve(
                KinesisService.ENDPOINT_ENV, KinesisService::start, KinesisService::endpoint, KinesisService::region));
    }

    /** True when the suite runs against Ferry's kinesis-mock rather than an external endpoint. */
    public boolean isEmbeddedKinesisMock() {
        return endpoint.isEmbedded();
    }

    public KinesisClient client() {
        return client;
    }

    public Region region() {
        return endpoint.region();
    }

    /** A stream name no other test (or earlier run against a shared endpoint) uses. */
    public String uniqueName(String purpose) {
        return endpoint.uniqueName(purpose);
    }

    @Override
    public void close() {
        client.close();
        endpoint.close();
    }

    /** Resolves {@link KinesisTarget} and {@link KinesisClient} parameters from one target per test run. */
    public static final class Extension extends SharedTargetExtension<KinesisTarget, KinesisClient> {
        public Extension() {
            super(KinesisTarget.class, KinesisClient.class, KinesisTarget::create, KinesisTarget::client);
        }
    }
}
