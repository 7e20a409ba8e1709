package dev.ferry.local.dynamodb.model;

import dev.ferry.local.dynamodb.ApiException;
import java.math.BigDecimal;

/** DynamoDB's number rules: up to 38 significant digits, magnitudes from 1E-130 to below 1E+126. */
public final class Numbers {
    private static final BigDecimal MAX = new BigDecimal("1E+126");
    private static final BigDecimal MIN = new BigDecimal("1E-130");

    private Numbers() {}

    public static BigDecimal parse(String text) {
        if (text == null || text.isBlank()) {
            throw ApiException.validation("The parameter cannot be converted to a numeric value");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw ApiException.validation("The parameter cannot be converted to a numeric value: " + text);
        }
        return normalise(value);
    }

    /** Strips trailing zeros and enforces precision and range, as DynamoDB does on every write. */
    public static BigDecimal normalise(BigDecimal value) {
        if (value.signum() == 0) return BigDecimal.ZERO;
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.precision() > 38) {
            throw ApiException.validation("Attempting to store more than 38 significant digits in a Number");
        }
        BigDecimal abs = stripped.abs();
        if (abs.compareTo(MAX) >= 0) {
            throw ApiException.validation("Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        if (abs.compareTo(MIN) < 0) {
            throw ApiException.validation("Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
        return stripped;
    }

    public static String format(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.toPlainString();
    }

    /** DynamoDB's accounting: about one byte per two significant digits, plus one. */
    static int sizeBytes(BigDecimal value) {
        return (value.precision() + 1) / 2 + 1;
    }
}
