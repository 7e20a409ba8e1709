package dev.ferry.local.dynamodb.stream;

import java.math.BigInteger;
import java.util.Optional;

/**
 * Stream sequence numbers are kept as longs and shown as 21-digit decimal strings, as AWS's are at
 * least 21 digits long: the prefix keeps them equally long, so they sort the same as text and as numbers.
 */
public final class SequenceNumbers {
    private static final BigInteger OFFSET = BigInteger.TEN.pow(20);

    private SequenceNumbers() {}

    public static String format(long sequence) {
        return OFFSET.add(BigInteger.valueOf(sequence)).toString();
    }

    /** The internal number of a sequence number string, or empty when it is not one of ours. */
    public static Optional<Long> parse(String text) {
        if (text == null || text.length() < 21 || text.length() > 40 || !text.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        BigInteger n = new BigInteger(text).subtract(OFFSET);
        if (n.signum() < 0 || n.bitLength() > 62) return Optional.empty();
        return Optional.of(n.longValue());
    }
}
