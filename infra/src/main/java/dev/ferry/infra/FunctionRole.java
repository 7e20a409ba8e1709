package dev.ferry.infra;

import software.amazon.awscdk.Duration;

/**
 * What a function does decides its size and limits. API functions answer a person, so they get SnapStart and
 * a short timeout (API Gateway gives up after 29 s anyway); consumers work in batches and get more time.
 */
public enum FunctionRole {
    API(1024, Duration.seconds(10), true),
    QUEUE_CONSUMER(1024, Duration.seconds(30), false),
    STREAM_CONSUMER(1024, Duration.seconds(60), false),
    TELEMETRY(512, Duration.seconds(10), false);

    private final int memoryMb;
    private final Duration timeout;
    private final boolean snapStart;

    FunctionRole(int memoryMb, Duration timeout, boolean snapStart) {
        this.memoryMb = memoryMb;
        this.timeout = timeout;
        this.snapStart = snapStart;
    }

    public int memoryMb() {
        return memoryMb;
    }

    public Duration timeout() {
        return timeout;
    }

    /** SnapStart needs published versions; API functions are invoked through a {@code live} alias. */
    public boolean snapStart() {
        return snapStart;
    }
}
