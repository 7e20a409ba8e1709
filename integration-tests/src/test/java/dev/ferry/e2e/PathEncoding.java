package dev.ferry.e2e;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Percent-encoding of path segments (RFC 3986), both ways, as a client writes them and a server reads them. */
final class PathEncoding {

    private static final String UNRESERVED_AND_SUB_DELIMS = "-._~!$&'()*+,;=:@";

    private PathEncoding() {
    }

    /** {@code value} as one path segment: everything but letters, digits and the characters a segment may hold is encoded. */
    static String segment(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || UNRESERVED_AND_SUB_DELIMS.indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    /** The segments of a raw path (no query), each decoded; empty when an escape is malformed or not UTF-8. */
    static Optional<List<String>> decodedSegments(String rawPath) {
        List<String> decoded = new ArrayList<>();
        for (String segment : PathTemplate.segments(rawPath)) {
            Optional<String> value = decode(segment);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            decoded.add(value.get());
        }
        return Optional.of(decoded);
    }

    static Optional<String> decode(String segment) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length() || Character.digit(segment.charAt(i + 1), 16) < 0
                        || Character.digit(segment.charAt(i + 2), 16) < 0) {
                    return Optional.empty();
                }
                bytes.write(Character.digit(segment.charAt(i + 1), 16) * 16 + Character.digit(segment.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
