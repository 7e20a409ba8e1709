package dev.ferry.local.sns;

import java.util.concurrent.atomic.AtomicLong;

/** Live counters behind {@link DeliveryCounters}. */
final class DeliveryStats {
    final AtomicLong published = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong unmatched = new AtomicLong();
    final AtomicLong filteredOut = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong deadLettered = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong pending = new AtomicLong();

    DeliveryCounters snapshot() {
        return new DeliveryCounters(published.get(), duplicates.get(), unmatched.get(), filteredOut.get(),
                delivered.get(), retries.get(), deadLettered.get(), dropped.get(), pending.get());
    }
}
