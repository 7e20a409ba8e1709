package dev.ferry.local.eventsource;

import java.util.concurrent.atomic.AtomicLong;

final class Counters {
    final AtomicLong batches = new AtomicLong();
    final AtomicLong records = new AtomicLong();
    final AtomicLong filteredOut = new AtomicLong();
    final AtomicLong failedBatches = new AtomicLong();
    final AtomicLong sentToDestination = new AtomicLong();
    final AtomicLong discarded = new AtomicLong();

    MappingStats snapshot(String mapping) {
        return new MappingStats(mapping, batches.get(), records.get(), filteredOut.get(), failedBatches.get(),
                sentToDestination.get(), discarded.get());
    }
}
