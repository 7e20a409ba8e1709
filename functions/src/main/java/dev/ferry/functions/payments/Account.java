package dev.ferry.functions.payments;

import dev.ferry.functions.money.Money;
import dev.ferry.functions.money.MoneyException;
import java.time.Instant;
import java.util.Objects;

/**
 * An account with an exact balance in one currency. Every change raises the version by one, so the store
 * applies it with a conditional (versioned) write and concurrent changes cannot overwrite each other.
 */
public record Account(String id, String owner, String email, Money balance, long version, Instant createdAt) {

    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(balance, "balance");
        if (balance.isNegative()) {
            throw new IllegalArgumentException("account " + id + " cannot have a negative balance, got " + balance);
        }
        if (version < 1) {
            throw new IllegalArgumentException("an account's version starts at 1, got " + version);
        }
    }

    public static Account open(String id, String owner, String email, String currency, Instant now) {
        return new Account(id, owner, email, Money.zero(currency), 1, now);
    }

    public String currencyCode() {
        return balance.currencyCode();
    }

    /** The account after adding {@code amount}: positive, in the account's currency, and within the largest balance. */
    public Deposit deposit(Money amount) {
        if (!amount.sameCurrency(balance)) {
            return new Deposit.Refused("account " + id + " holds " + currencyCode() + ", the deposit is in " + amount.currencyCode());
        }
        if (!amount.isPositive()) {
            return new Deposit.Refused("a deposit must be positive, got " + amount);
        }
        Money after;
        try {
            after = balance.plus(amount);
        } catch (MoneyException tooLarge) {
            return new Deposit.Refused("the balance " + balance + " plus " + amount + " would exceed the largest balance an account can hold ("
                    + Money.MAX_INTEGER_DIGITS + " integer digits)");
        }
        return new Deposit.Accepted(new Account(id, owner, email, after, version + 1, createdAt));
    }

    /** The account after taking {@code amount}, if the currency matches and the funds suffice. */
    public Debit debit(Money amount) {
        if (!amount.sameCurrency(balance)) {
            return new Debit.Declined("account " + id + " holds " + currencyCode() + ", the payment is in " + amount.currencyCode());
        }
        if (!amount.isPositive()) {
            return new Debit.Declined("a payment must be positive, got " + amount);
        }
        if (balance.compareTo(amount) < 0) {
            return new Debit.Declined("insufficient funds: balance " + balance + ", payment " + amount);
        }
        return new Debit.Approved(new Account(id, owner, email, balance.minus(amount), version + 1, createdAt));
    }

    /** The outcome of a debit. */
    public sealed interface Debit {
        record Approved(Account after) implements Debit {
        }

        record Declined(String reason) implements Debit {
        }
    }

    /** The outcome of a deposit. */
    public sealed interface Deposit {
        record Accepted(Account after) implements Deposit {
        }

        record Refused(String reason) implements Deposit {
        }
    }
}
