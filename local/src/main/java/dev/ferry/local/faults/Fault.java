package dev.ferry.local.faults;

/** The kinds of failure the injector can add to event-driven invocations. */
public enum Fault {
    /** The event source (a mapping, SNS, the async queue) delivers the same event a second time. */
    DUPLICATE("duplicate"),
    /** The execution environment dies before the handler runs: no side effect, the source retries. */
    CRASH_BEFORE("crash-before"),
    /** The environment dies after the handler returned: the side effect happened, the result is lost, the source retries. */
    CRASH_AFTER("crash-after"),
    /** Lambda refuses the invocation with TooManyRequestsException before anything runs. */
    THROTTLE("throttle");

    private final String key;

    Fault(String key) {
        this.key = key;
    }

    /** The name used in {@code FERRY_FAULTS}, e.g. {@code crash-before}. */
    public String key() {
        return key;
    }

    static Fault ofKey(String key) {
        for (Fault f : values()) {
            if (f.key.equalsIgnoreCase(key)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown fault '" + key + "': use duplicate, crash-before, crash-after or throttle"
                + " (and seed:<long>, functions:<name>|<name>)");
    }
}
