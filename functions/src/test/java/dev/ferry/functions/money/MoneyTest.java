package dev.ferry.functions.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void amountTakesTheCurrencysScale() {
        assertThat(Money.parse("12.5", "USD").text()).isEqualTo("12.50");
        assertThat(Money.parse("1250", "JPY").text()).isEqualTo("1250");
        assertThat(Money.parse("1.25", "BHD").text()).isEqualTo("1.250");
    }

    @Test
    void moreDecimalsThanTheCurrencyAllowsAreRefused() {
        assertThatThrownBy(() -> Money.parse("12.505", "USD")).isInstanceOf(MoneyException.class).hasMessageContaining("USD has 2");
        assertThatThrownBy(() -> Money.parse("10.5", "JPY")).isInstanceOf(MoneyException.class).hasMessageContaining("JPY has 0");
    }

    @Test
    void writtenDecimalsBeyondTheCurrencysAreRefusedEvenWhenTheyAreZeros() {
        // docs/architecture.md: "at most the currency's decimals" is about what the client wrote.
        assertThatThrownBy(() -> Money.parse("1.000", "EUR")).isInstanceOf(MoneyException.class).hasMessageContaining("3 decimals");
        assertThatThrownBy(() -> Money.parse("5.0", "JPY")).isInstanceOf(MoneyException.class).hasMessageContaining("whole units");
        assertThat(Money.parse("12.5", "USD").text()).as("fewer decimals are fine").isEqualTo("12.50");
    }

    @Test
    void storedNumbersKeepTheirValueWhateverTheirScale() {
        // DynamoDB normalises numbers ("7.50" comes back as "7.5"); values read back are not client input.
        assertThat(Money.of(new java.math.BigDecimal("12.5000"), "USD").text()).isEqualTo("12.50");
    }

    @Test
    void onlyPlainDecimalTextIsAnAmount() {
        for (String bad : new String[] {"1e3", "12,50", " 12.50", "0x10", "", "1234567890123", "12.", ".5", "NaN"}) {
            assertThatThrownBy(() -> Money.parse(bad, "USD")).as(bad).isInstanceOf(MoneyException.class);
        }
    }

    @Test
    void currencyMustBeAnIso4217CodeWithAMinorUnit() {
        assertThatThrownBy(() -> Money.parse("1.00", "usd")).hasMessageContaining("ISO 4217");
        assertThatThrownBy(() -> Money.parse("1.00", "ABC")).hasMessageContaining("not an ISO 4217 currency code");
        assertThatThrownBy(() -> Money.parse("1.00", "XAU")).hasMessageContaining("no minor unit");
    }

    @Test
    void arithmeticIsExactWhereBinaryFloatsAreNot() {
        Money sum = Money.zero("USD");
        for (int i = 0; i < 10; i++) {
            sum = sum.plus(Money.parse("0.10", "USD"));
        }
        assertThat(sum).isEqualTo(Money.parse("1.00", "USD"));
        assertThat(sum.amount()).isEqualByComparingTo(BigDecimal.ONE);
    }

    @Test
    void currenciesDoNotMix() {
        assertThatThrownBy(() -> Money.parse("1.00", "USD").plus(Money.parse("1.00", "EUR")))
                .isInstanceOf(MoneyException.class).hasMessageContaining("different currencies");
    }
}
