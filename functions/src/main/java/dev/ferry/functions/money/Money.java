package dev.ferry.functions.money;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An exact amount in an ISO 4217 currency, at the currency's scale (USD 12.50, JPY 1250, BHD 1.250). Never a
 * binary float: amounts travel as decimal strings and are stored as DynamoDB numbers, both exact.
 */
public record Money(BigDecimal amount, Currency currency) implements Comparable<Money> {

    /** Twelve integer digits: more than any single payment in this workflow, and far inside DynamoDB's 38. */
    public static final int MAX_INTEGER_DIGITS = 12;
    private static final Pattern DECIMAL = Pattern.compile("^-?[0-9]{1,12}(\\.[0-9]{1,4})?$");

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        int digits = currency.getDefaultFractionDigits();
        if (digits < 0) {
            throw new MoneyException(currency.getCurrencyCode() + " is not a currency of payments (it has no minor unit)");
        }
        if (amount.stripTrailingZeros().scale() > digits) {
            throw new MoneyException(amount.toPlainString() + " has more decimals than " + currency.getCurrencyCode()
                    + " allows (" + digits + ")");
        }
        amount = amount.setScale(digits);
        if (amount.precision() - amount.scale() > MAX_INTEGER_DIGITS) {
            throw new MoneyException(amount.toPlainString() + " has more than " + MAX_INTEGER_DIGITS + " integer digits");
        }
    }

    /** Parses a decimal string such as {@code "12.50"} and a currency code such as {@code "USD"}. */
    public static Money parse(String amount, String currencyCode) {
        Currency currency = currency(currencyCode);
        if (amount == null || !DECIMAL.matcher(amount).matches()) {
            throw new MoneyException("'" + amount + "' is not a decimal amount such as \"12.50\" (digits, optionally a point and up to "
                    + currency.getDefaultFractionDigits() + " decimals)");
        }
        // The written decimals count, not the value's: "1.000" EUR and "5.0" JPY say more than the currency can.
        int point = amount.indexOf('.');
        int decimals = point < 0 ? 0 : amount.length() - point - 1;
        if (decimals > currency.getDefaultFractionDigits()) {
            throw new MoneyException("'" + amount + "' has " + decimals + " decimals; " + currency.getCurrencyCode() + " has "
                    + currency.getDefaultFractionDigits() + (currency.getDefaultFractionDigits() == 0 ? " (write whole units, e.g. \"1250\")" : ""));
        }
        return new Money(new BigDecimal(amount), currency);
    }

    public static Money of(BigDecimal amount, String currencyCode) {
        return new Money(amount, currency(currencyCode));
    }

    public static Money zero(String currencyCode) {
        return of(BigDecimal.ZERO, currencyCode);
    }

    /** An ISO 4217 code in upper case, known to the JDK, with a minor unit. */
    public static Currency currency(String code) {
        if (code == null || !code.matches("^[A-Z]{3}$")) {
            throw new MoneyException("'" + code + "' is not an ISO 4217 currency code such as \"USD\" (three upper-case letters)");
        }
        Currency currency;
        try {
            currency = Currency.getInstance(code);
        } catch (IllegalArgumentException unknown) {
            throw new MoneyException("'" + code + "' is not an ISO 4217 currency code");
        }
        if (currency.getDefaultFractionDigits() < 0) {
            throw new MoneyException(code + " is not a currency of payments (it has no minor unit)");
        }
        return currency;
    }

    public String currencyCode() {
        return currency.getCurrencyCode();
    }

    public boolean isPositive() {
        return amount.signum() > 0;
    }

    public boolean isNegative() {
        return amount.signum() < 0;
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.subtract(other.amount), currency);
    }

    public boolean sameCurrency(Money other) {
        return currency.equals(other.currency);
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount);
    }

    /** The amount as the wire shows it: a plain decimal string at the currency's scale. */
    public String text() {
        return amount.toPlainString();
    }

    @Override
    public String toString() {
        return text() + " " + currencyCode();
    }

    private void requireSameCurrency(Money other) {
        if (!sameCurrency(other)) {
            throw new MoneyException("cannot combine " + this + " and " + other + ": different currencies");
        }
    }
}
