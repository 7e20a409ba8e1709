package dev.ferry.local.cost;

/**
 * One line of a ledger: a meter and what it was counted for (a table, a queue, a function, an API route and its
 * status), so that a per-order figure can be traced back to the call that made it.
 */
public record Usage(Meter meter, String detail) implements Comparable<Usage> {

    @Override
    public int compareTo(Usage other) {
        int byMeter = meter.compareTo(other.meter);
        return byMeter != 0 ? byMeter : detail.compareTo(other.detail);
    }
}
