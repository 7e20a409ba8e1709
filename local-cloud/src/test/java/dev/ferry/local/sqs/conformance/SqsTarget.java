package dev.ferry.local.sqs.conformance;

import dev.ferry.local.conformance.ConformanceEndpoint;
import dev.ferry.local.conformance.ConformanceTarget;
import dev.ferry.local.conformance.SharedTargetExtension;
import dev.ferry.local.sqs.SqsService;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The SQS the conformance suite runs against: the endpoint in {@code AWS_ENDPOINT_URL_SQS} when set (then
 * AWS's own behaviour is asserted everywhere), else Ferry's embedded ElasticMQ, started once for the whole
 * run (then the few documented ElasticMQ differences are asserted as such, see docs/local-cloud.md).
 * Inject {@link SqsTarget} or {@link SqsClient} into test methods or constructors.
 */
public final class SqsTarget extends ConformanceTarget<SqsClient> {

    private SqsTarget() {
        super(ConformanceEndpoint.resolve(SqsService.ENDPOINT_ENV, SqsService::start, SqsService::endpoint, SqsService::region),
                // The SDK checks MD5OfMessageBody / MD5OfMessageAttributes of every send and receive:
                // the suite relies on it to verify the emulator's digests.
                endpoint -> endpoint.client(SqsClient.builder().checksumValidationEnabled(true)));
    }

    static SqsTarget create() {
        return new SqsTarget();
    }

    /** True when the suite runs against Ferry's embedded ElasticMQ rather than an external endpoint. */
    public boolean isEmbeddedElasticMq() {
        return isEmbedded();
    }

    /** Resolves {@link SqsTarget} and {@link SqsClient} parameters from one target per test run. */
    public static final class Extension extends SharedTargetExtension<SqsTarget, SqsClient> {
        public Extension() {
            super(SqsTarget.class, SqsClient.class, SqsTarget::create, SqsTarget::client);
        }
    }
}
