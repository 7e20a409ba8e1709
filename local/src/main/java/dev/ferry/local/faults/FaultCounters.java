package dev.ferry.local.faults;

/** How many faults of each kind were injected. */
public record FaultCounters(long duplicates, long crashesBefore, long crashesAfter, long throttles) {
    public long total() {
        return duplicates + crashesBefore + crashesAfter + throttles;
    }
}
