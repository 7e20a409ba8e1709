package dev.ferry.local.kinesis.conformance;

import dev.ferry.local.conformance.ConformanceEndpoint;
import dev.ferry.local.conformance.ConformanceTarget;
import dev.ferry.local.conformance.SharedTargetExtension;
import dev.ferry.local.kinesis.KinesisService;
import dev.ferry.local.kinesis.KinesisSettings;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The Kinesis the conformance suite runs against: the endpoint in {@code AWS_ENDPOINT_URL_KINESIS} when
 * set (then AWS's own behaviour is asserted everywhere), else Ferry's {@link KinesisService}, started once for the
 * whole run with the configured engine: the in-process emulator by default, kinesis-mock with
 * {@code -Dferry.kinesis.engine=kinesis-mock} (then the documented kinesis-mock differences are asserted as such, see
 * docs/local-cloud.md). The client uses the SDK's default wire protocol, CBOR.
 */
public final class KinesisTarget extends ConformanceTarget<KinesisClient> {

    private KinesisTarget() {
        super(ConformanceEndpoint.resolve(KinesisService.ENDPOINT_ENV, KinesisService::start, KinesisService::endpoint, KinesisService::region),
                endpoint -> endpoint.client(KinesisClient.builder()));
    }

    static KinesisTarget create() {
        return new KinesisTarget();
    }

    /** True when the suite runs against a KinesisService of Ferry's (either engine) rather than an external endpoint. */
    public boolean isEmbeddedService() {
        return isEmbedded();
    }

    /** True when the suite runs against Ferry's kinesis-mock engine rather than the emulator or an external endpoint. */
    public boolean isEmbeddedKinesisMock() {
        return isEmbedded() && KinesisSettings.defaults().engine() == KinesisSettings.Engine.KINESIS_MOCK;
    }

    /** Resolves {@link KinesisTarget} and {@link KinesisClient} parameters from one target per test run. */
    public static final class Extension extends SharedTargetExtension<KinesisTarget, KinesisClient> {
        public Extension() {
            super(KinesisTarget.class, KinesisClient.class, KinesisTarget::create, KinesisTarget::client);
        }
    }
}
