package dev.ferry.local.faults.outage;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A service whose calls from the functions can be made to fail, with the operations an outage fails: the
 * ones that publish, which is what Ferry's functions call these services for. Everything else (ListShards,
 * GetTopicAttributes, ...) is forwarded during an outage.
 */
public enum OutageService {
    SNS("sns", "SNS", Set.of("Publish", "PublishBatch")),
    KINESIS("kinesis", "KINESIS", Set.of("PutRecord", "PutRecords"));

    private final String key;
    private final String endpointId;
    private final Set<String> failingOperations;

    OutageService(String key, String endpointId, Set<String> failingOperations) {
        this.key = key;
        this.endpointId = endpointId;
        this.failingOperations = failingOperations;
    }

    /** The name in the fault plan's text form, e.g. {@code kinesis}. */
    public String key() {
        return key;
    }

    /** The variable the AWS SDKs read this service's endpoint from: {@code AWS_ENDPOINT_URL_<ID>}. */
    public String endpointVariable() {
        return "AWS_ENDPOINT_URL_" + endpointId;
    }

    /** The operations an outage fails; others pass. */
    public Set<String> failingOperations() {
        return failingOperations;
    }

    public static OutageService ofKey(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.key.equals(k)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown outage service '" + key + "': use "
                        + Arrays.stream(values()).map(OutageService::key).collect(Collectors.joining(" or "))));
    }
}
