package dev.ferry.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 fingerprints of payloads, to tell a true repeat from a reused key. */
public final class PayloadHash {

    private PayloadHash() {
    }

    public static String of(String payload) {
        return of(payload == null ? new byte[0] : payload.getBytes(StandardCharsets.UTF_8));
    }

    public static String of(byte[] payload) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** A fingerprint of several parts, unambiguous about where each part ends. */
    public static String ofParts(String... parts) {
        StringBuilder joined = new StringBuilder();
        for (String part : parts) {
            String p = part == null ? "" : part;
            joined.append(p.length()).append(':').append(p).append('\n');
        }
        return of(joined.toString());
    }
}
