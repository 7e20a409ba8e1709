package dev.ferry.local.cli;

import java.math.BigDecimal;

/**
 * Who orders what in a load run: order {@code i} goes to account {@code i mod K} for 1.00 to 9.00 EUR (the amounts
 * cycle), and every account is funded with exactly what its orders add up to, so every order can be paid and each
 * balance ends at zero: deposits minus confirmed orders.
 */
record LoadPlan(int orders, int accounts) {

    static final String CURRENCY = "EUR";

    LoadPlan {
        if (orders < 1 || accounts < 1 || accounts > orders) {
            throw new IllegalArgumentException("a load plan needs 1 <= accounts <= orders, was " + accounts + " accounts for "
                    + orders + " orders");
        }
    }

    int accountOf(int order) {
        return order % accounts;
    }

    BigDecimal amountOf(int order) {
        return BigDecimal.valueOf(100L * (1 + order % 9), 2);
    }

    /** What an account's orders add up to: the deposit that funds them all. */
    BigDecimal depositFor(int account) {
        BigDecimal sum = BigDecimal.ZERO.setScale(2);
        for (int order = account; order < orders; order += accounts) {
            sum = sum.add(amountOf(order));
        }
        return sum;
    }
}
