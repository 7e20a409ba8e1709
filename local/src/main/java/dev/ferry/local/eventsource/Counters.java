package dev.ferry.local.eventsource;

import dev.ferry.local.lambda.ConcurrencyGauge;
import dev.ferry.local.lambda.PeakWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

final class Counters {
    final AtomicLong batches = new AtomicLong();
    final AtomicLong records = new AtomicLong();
    final AtomicLong filteredOut = new AtomicLong();
    final AtomicLong failedBatches = new AtomicLong();
    final AtomicLong sentToDestination = new AtomicLong();
    final AtomicLong discarded = new AtomicLong();
    /** Requests to the source for records (ReceiveMessage, GetRecords), empty ones included. */
    final AtomicLong reads = new AtomicLong();
    /** Batches being invoked. */
    final ConcurrencyGauge inFlight = new ConcurrencyGauge();
    /** Milliseconds the oldest record of each batch had waited when it was read. */
    private final PeakWindow recordAgeMillis = new PeakWindow();

    /** A batch was read whose oldest record arrived (was sent) at {@code oldest}. */
    void read(Instant oldest) {
        recordAgeMillis.record(Math.max(0, Duration.between(oldest, Instant.now()).toMillis()));
    }

    MappingStats snapshot(String mapping) {
        return new MappingStats(mapping, batches.get(), records.get(), filteredOut.get(), failedBatches.get(),
                sentToDestination.get(), discarded.get(), inFlight.current(), inFlight.peak(),
                Duration.ofMillis(recordAgeMillis.peak()), reads.get());
    }

    MappingStats snapshot(String mapping, Instant since) {
        return new MappingStats(mapping, batches.get(), records.get(), filteredOut.get(), failedBatches.get(),
                sentToDestination.get(), discarded.get(), inFlight.current(), inFlight.peakSince(since),
                Duration.ofMillis(recordAgeMillis.peakSince(since)), reads.get());
    }
}
