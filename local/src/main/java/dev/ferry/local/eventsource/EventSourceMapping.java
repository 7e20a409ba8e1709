package dev.ferry.local.eventsource;

import dev.ferry.local.deployment.EventSourceMappingSpec;
import java.time.Instant;

/** A running event source mapping: polls its source on virtual threads until closed. */
public interface EventSourceMapping extends AutoCloseable {

    EventSourceMappingSpec spec();

    /** Counters since start. */
    MappingStats stats();

    /** Counters since start, with the peaks (batches at once, oldest record) taken from {@code since} until now. */
    MappingStats stats(Instant since);

    /** Stops polling; an invocation under way finishes or is interrupted. Idempotent. */
    @Override
    void close();
}
