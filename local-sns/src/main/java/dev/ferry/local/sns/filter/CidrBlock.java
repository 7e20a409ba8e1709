package dev.ferry.local.sns.filter;

import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 network for the {@code cidr} operator. Parsed without DNS lookups. */
record CidrBlock(int bytes, BigInteger network, int prefixLength) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]+(:\\d{1,3}(\\.\\d{1,3}){3})?");

    static CidrBlock parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new InvalidFilterPolicyException("Malformed CIDR, one '/' required");
        }
        Optional<byte[]> address = address(cidr.substring(0, slash));
        if (address.isEmpty()) {
            throw new InvalidFilterPolicyException("Nonstandard IP address: " + cidr.substring(0, slash));
        }
        int bits = address.get().length * 8;
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new InvalidFilterPolicyException("Malformed CIDR, mask bits must be an integer");
        }
        if (prefix < 0 || prefix > bits) {
            throw new InvalidFilterPolicyException("Malformed CIDR, mask bits must be between 0 and " + bits);
        }
        return new CidrBlock(address.get().length, mask(new BigInteger(1, address.get()), bits, prefix), prefix);
    }

    boolean contains(String ip) {
        Optional<byte[]> address = address(ip);
        if (address.isEmpty() || address.get().length != bytes) {
            return false;
        }
        return mask(new BigInteger(1, address.get()), bytes * 8, prefixLength).equals(network);
    }

    private static BigInteger mask(BigInteger value, int bits, int prefix) {
        return value.shiftRight(bits - prefix);
    }

    static Optional<byte[]> address(String text) {
        if (IPV4.matcher(text).matches()) {
            String[] parts = text.split("\\.");
            byte[] out = new byte[4];
            for (int i = 0; i < 4; i++) {
                int part = Integer.parseInt(parts[i]);
                if (part > 255) {
                    return Optional.empty();
                }
                out[i] = (byte) part;
            }
            return Optional.of(out);
        }
        if (text.contains(":") && IPV6.matcher(text).matches()) {
            return ipv6(text);
        }
        return Optional.empty();
    }

    private static Optional<byte[]> ipv6(String text) {
        String[] halves = text.split("::", -1);
        if (halves.length > 2) {
            return Optional.empty();
        }
        int[] head = groups(halves[0]);
        int[] tail = halves.length == 2 ? groups(halves[1]) : new int[0];
        if (head == null || tail == null) {
            return Optional.empty();
        }
        int total = head.length + tail.length;
        if ((halves.length == 1 && total != 8) || total > 8) {
            return Optional.empty();
        }
        byte[] out = new byte[16];
        for (int i = 0; i < head.length; i++) {
            out[2 * i] = (byte) (head[i] >> 8);
            out[2 * i + 1] = (byte) head[i];
        }
        for (int i = 0; i < tail.length; i++) {
            int index = 8 - tail.length + i;
            out[2 * index] = (byte) (tail[i] >> 8);
            out[2 * index + 1] = (byte) tail[i];
        }
        return Optional.of(out);
    }

    private static int[] groups(String part) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] pieces = part.split(":", -1);
        int[] out = new int[pieces.length];
        for (int i = 0; i < pieces.length; i++) {
            if (pieces[i].isEmpty() || pieces[i].length() > 4 || !pieces[i].matches("[0-9A-Fa-f]+")) {
                return null;
            }
            out[i] = Integer.parseInt(pieces[i], 16);
        }
        return out;
    }
}
