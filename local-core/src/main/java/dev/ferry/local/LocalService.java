package dev.ferry.local;

import java.util.Map;

/**
 * One emulated AWS service of the local cloud, running on loopback until closed. The local cloud
 * starts several of them and hands their endpoints to AWS clients as environment variables.
 */
public interface LocalService extends AutoCloseable {

    /** Short name used in logs and summaries, e.g. {@code dynamodb}. */
    String name();

    /**
     * The environment an AWS SDK or CLI needs to reach this service, e.g.
     * {@code AWS_ENDPOINT_URL_DYNAMODB -> http://127.0.0.1:4566}. One entry per AWS service id served.
     */
    Map<String, String> endpoints();

    /** Stops the service and releases its port, threads and child processes. Idempotent. */
    @Override
    void close();
}
