package dev.ferry.correlation;

import java.util.Optional;
import java.util.regex.Pattern;

/** The W3C Trace Context {@code traceparent} header: version-traceid-parentid-flags. */
public record Traceparent(String version, String traceId, String parentId, String flags) {

    private static final Pattern FORMAT = Pattern.compile("^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$");
    private static final String INVALID_TRACE = "0".repeat(32);
    private static final String INVALID_PARENT = "0".repeat(16);

    /** Parses a header value; empty when it is malformed, as the spec asks receivers to ignore it then. */
    public static Optional<Traceparent> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        var m = FORMAT.matcher(header.trim());
        if (!m.matches() || "ff".equals(m.group(1)) || INVALID_TRACE.equals(m.group(2)) || INVALID_PARENT.equals(m.group(3))) {
            return Optional.empty();
        }
        // Version 00 has exactly four fields; later versions may append more, which we ignore.
        if ("00".equals(m.group(1)) && m.group(5) != null) {
            return Optional.empty();
        }
        return Optional.of(new Traceparent(m.group(1), m.group(2), m.group(3), m.group(4)));
    }
}
