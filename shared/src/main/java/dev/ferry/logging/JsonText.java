package dev.ferry.logging;

/** Writes JSON string literals and numbers by hand: log lines and metrics need no object mapper. */
public final class JsonText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    public static StringBuilder quote(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    /** Appends a value: numbers and booleans as JSON literals, everything else as a string. */
    public static StringBuilder value(StringBuilder out, Object value) {
        if (value == null) {
            return out.append("null");
        }
        if (value instanceof Boolean b) {
            return out.append(b.booleanValue());
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return out.append(value);
        }
        if (value instanceof Double d && Double.isFinite(d)) {
            return out.append(d.doubleValue());
        }
        if (value instanceof Float f && Float.isFinite(f)) {
            return out.append(f.floatValue());
        }
        if (value instanceof java.math.BigDecimal || value instanceof java.math.BigInteger) {
            return out.append(value);
        }
        return quote(out, String.valueOf(value));
    }
}
