package dev.ferry.local.eventsource;

import dev.ferry.local.deployment.EventSourceMappingSpec;

/** A running event source mapping: polls its source on virtual threads until closed. */
public interface EventSourceMapping extends AutoCloseable {

    EventSourceMappingSpec spec();

    /** Counters since start. */
    MappingStats stats();

    /** Stops polling; an invocation under way finishes or is interrupted. Idempotent. */
    @Override
    void close();
}
