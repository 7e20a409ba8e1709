package dev.ferry.functions.payments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.functions.money.Money;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccountTest {

    private final Account opened = Account.open("a-1", "Ada", "ada@example.com", "USD", Instant.parse("2026-11-30T10:00:00Z"));

    @Test
    void newAccountHasZeroBalanceInItsCurrency() {
        assertThat(opened.balance()).isEqualTo(Money.parse("0.00", "USD"));
        assertThat(opened.version()).isEqualTo(1);
    }

    @Test
    void depositAddsExactlyAndRaisesTheVersion() {
        Account after = ((Account.Deposit.Accepted) opened.deposit(Money.parse("50.10", "USD"))).after();
        assertThat(after.balance().text()).isEqualTo("50.10");
        assertThat(after.version()).isEqualTo(2);
    }

    @Test
    void depositInAnotherCurrencyIsRefused() {
        assertThat(opened.deposit(Money.parse("5.00", "EUR"))).isInstanceOf(Account.Deposit.Refused.class);
    }

    @Test
    void debitWithinTheBalanceIsApprovedDownToZero() {
        Account funded = ((Account.Deposit.Accepted) opened.deposit(Money.parse("12.50", "USD"))).after();
        Account after = ((Account.Debit.Approved) funded.debit(Money.parse("12.50", "USD"))).after();
        assertThat(after.balance().text()).isEqualTo("0.00");
        assertThat(after.version()).isEqualTo(3);
    }

    @Test
    void debitBeyondTheBalanceIsDeclinedWithBothAmounts() {
        Account funded = ((Account.Deposit.Accepted) opened.deposit(Money.parse("12.49", "USD"))).after();
        Account.Debit.Declined declined = (Account.Debit.Declined) funded.debit(Money.parse("12.50", "USD"));
        assertThat(declined.reason()).contains("insufficient funds").contains("12.49 USD").contains("12.50 USD");
    }

    @Test
    void debitInAnotherCurrencyIsDeclined() {
        assertThat(opened.debit(Money.parse("1.00", "GBP"))).isInstanceOf(Account.Debit.Declined.class);
    }
}
