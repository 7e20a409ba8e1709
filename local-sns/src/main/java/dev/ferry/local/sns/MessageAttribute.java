package dev.ferry.local.sns;

import dev.ferry.local.sns.filter.FilterableAttribute;
import java.util.Base64;
import java.util.Optional;

/**
 * A message attribute as published: a data type ({@code String}, {@code String.Array}, {@code Number},
 * {@code Binary}, each with an optional custom suffix) and a string or binary value.
 */
public record MessageAttribute(String dataType, Optional<String> stringValue, Optional<byte[]> binaryValue) {

    public boolean isBinary() {
        return dataType.startsWith("Binary");
    }

    /** The value as it appears in a notification envelope: the string, or Base64 for Binary. */
    public String envelopeValue() {
        return isBinary()
                ? Base64.getEncoder().encodeToString(binaryValue.orElse(new byte[0]))
                : stringValue.orElse("");
    }

    /** The envelope's {@code Type}: SNS reports the base type (String, String.Array, Number, Binary). */
    public String envelopeType() {
        if (dataType.equals("String.Array")) {
            return "String.Array";
        }
        int dot = dataType.indexOf('.');
        return dot < 0 ? dataType : dataType.substring(0, dot);
    }

    public FilterableAttribute filterable() {
        return new FilterableAttribute(dataType, stringValue.orElse(""));
    }

    /** Bytes counted against the 256 KB message limit: name, type and value. */
    public int size(String name) {
        return utf8(name) + utf8(dataType) + (isBinary() ? binaryValue.map(b -> b.length).orElse(0) : utf8(stringValue.orElse("")));
    }

    static int utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
