package dev.ferry.functions.analytics;

import java.util.function.Consumer;

/** A readable event log: every record of every shard from a start position up to the tip as it was when reading began. */
public interface EventLog {

    /** Hands each record's data (an envelope as JSON text) to {@code sink}, shard by shard, in shard order. */
    void read(StartPosition from, Consumer<String> sink);
}
