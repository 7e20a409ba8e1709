package dev.ferry.metrics;

/** The CloudWatch units the toolkit uses. */
public enum Unit {
    COUNT("Count"), MILLISECONDS("Milliseconds"), BYTES("Bytes"), NONE("None");

    private final String cloudWatchName;

    Unit(String cloudWatchName) {
        this.cloudWatchName = cloudWatchName;
    }

    public String cloudWatchName() {
        return cloudWatchName;
    }
}
