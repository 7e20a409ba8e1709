package dev.ferry.local.faults.outage;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the failing calls fail: the answers AWS gives when a service is down or overloaded. The exact status
 * codes, error codes and bodies per service are in {@link FailureResponse}.
 */
public enum OutageKind {
    /** HTTP 503 {@code ServiceUnavailable}: the service is down. The SDKs retry it. */
    UNAVAILABLE("unavailable"),
    /** HTTP 500: SNS {@code InternalError}, Kinesis {@code InternalFailure}. The SDKs retry it. */
    INTERNAL_ERROR("internal-error"),
    /**
     * Throttling: SNS answers HTTP 400 {@code ThrottlingException}; Kinesis PutRecord answers HTTP 400
     * {@code ProvisionedThroughputExceededException}, and PutRecords answers HTTP 200 with every record
     * failed with that code (a partial failure the caller has to notice). The SDKs retry the 400s as throttles.
     */
    THROTTLING("throttling");

    private final String key;

    OutageKind(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static OutageKind ofKey(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(v -> v.key.equals(k)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown outage kind '" + key + "': use "
                        + Arrays.stream(values()).map(OutageKind::key).collect(Collectors.joining(", "))));
    }
}
