package dev.ferry.local.dynamodb.model;

import java.util.Arrays;
import java.util.Base64;

/** An immutable byte string, compared as DynamoDB compares binary: unsigned, byte by byte. */
public final class Bytes implements Comparable<Bytes> {
    private final byte[] data;

    private Bytes(byte[] data) {
        this.data = data;
    }

    public static Bytes of(byte[] data) {
        return new Bytes(data.clone());
    }

    public static Bytes fromBase64(String base64) {
        return new Bytes(Base64.getDecoder().decode(base64));
    }

    public byte[] toArray() {
        return data.clone();
    }

    public int length() {
        return data.length;
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(data);
    }

    public boolean startsWith(Bytes prefix) {
        return prefix.data.length <= data.length
                && Arrays.equals(data, 0, prefix.data.length, prefix.data, 0, prefix.data.length);
    }

    /** True when {@code part} occurs as a contiguous run inside this byte string. */
    public boolean contains(Bytes part) {
        outer:
        for (int i = 0; i + part.data.length <= data.length; i++) {
            for (int j = 0; j < part.data.length; j++) {
                if (data[i + j] != part.data[j]) continue outer;
            }
            return true;
        }
        return false;
    }

    @Override
    public int compareTo(Bytes other) {
        return Arrays.compareUnsigned(data, other.data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b && Arrays.equals(data, b.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return toBase64();
    }
}
