package dev.ferry.envelope;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A versioned event type such as {@code com.ferry.orders.OrderPlaced.v1}: a lower-case reverse-DNS
 * namespace naming the producing context, the event name in UpperCamelCase (past tense), and a major
 * version. The version changes only when a change would break an existing consumer; additive changes
 * (a new optional field) keep it. A breaking change publishes the new version beside the old one until
 * every consumer has moved, so a type string always denotes exactly one payload shape.
 */
public record EventType(String namespace, String name, int version) {

    private static final Pattern FORMAT =
            Pattern.compile("^((?:[a-z][a-z0-9-]*)(?:\\.[a-z][a-z0-9-]*)+)\\.([A-Z][A-Za-z0-9]*)\\.v([1-9][0-9]{0,5})$");

    public EventType {
        String text = namespace + "." + name + ".v" + version;
        if (!FORMAT.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a valid event type: expected"
                    + " <reverse.dns.namespace>.<EventName>.v<major>, e.g. com.ferry.orders.OrderPlaced.v1");
        }
    }

    /** Parses {@code com.ferry.orders.OrderPlaced.v1}; the message says what a valid type looks like. */
    public static EventType parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a valid event type: expected"
                    + " <reverse.dns.namespace>.<EventName>.v<major>, e.g. com.ferry.orders.OrderPlaced.v1");
        }
        return new EventType(m.group(1), m.group(2), Integer.parseInt(m.group(3)));
    }

    public static boolean isValid(String text) {
        return text != null && FORMAT.matcher(text).matches();
    }

    /** The same event one major version later, for the migration of a breaking change. */
    public EventType nextVersion() {
        return new EventType(namespace, name, version + 1);
    }

    @Override
    public String toString() {
        return namespace + "." + name + ".v" + version;
    }
}
