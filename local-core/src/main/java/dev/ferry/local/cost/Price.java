package dev.ferry.local.cost;

/**
 * A list price: dollars per billed unit of a meter ({@link Meter#unit()}), and the AWS pricing page it was read from.
 *
 * @param dollarsPerUnit e.g. 0.625e-6 for $0.625 per million write request units
 * @param note           what the figure assumes (a tier, an architecture), shown beside it
 */
public record Price(Meter meter, double dollarsPerUnit, String source, String note) {
    public Price {
        if (dollarsPerUnit < 0) throw new IllegalArgumentException("a price is not negative: " + dollarsPerUnit + " for " + meter);
        if (!source.startsWith("https://aws.amazon.com/")) {
            throw new IllegalArgumentException("a price cites its AWS pricing page, not " + source);
        }
    }

    /** What {@code counts} of the meter cost. */
    public double dollars(long counts) {
        return meter.units(counts) * dollarsPerUnit;
    }
}
