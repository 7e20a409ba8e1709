package dev.ferry.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ferry load}'s options, bounded, and the plan they make: who orders what, funded for exactly that. */
class LoadOptionsTest {

    @Test
    void theIssuesCommandLineParses() {
        LoadOptions o = LoadOptions.parse(List.of("--orders", "5000", "--rate", "500/s", "--accounts", "20"));

        assertThat(o.orders()).isEqualTo(5000);
        assertThat(o.rate()).isEqualTo(500);
        assertThat(o.accounts()).isEqualTo(20);
        assertThat(o.clients()).isEqualTo(64);
        assertThat(o.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(LoadOptions.parse(List.of("--rate", "250")).rate()).isEqualTo(250);
    }

    @Test
    void countsAndTimesAreBoundedSoThatATypoCannotStartAnEndlessRun() {
        assertThatThrownBy(() -> LoadOptions.parse(List.of("--orders", "1000000"))).hasMessage("--orders takes 1 to 100000 orders, not 1000000");
        assertThatThrownBy(() -> LoadOptions.parse(List.of("--rate", "0/s"))).hasMessage("--rate takes 1 to 5000 orders per second, not 0");
        assertThatThrownBy(() -> LoadOptions.parse(List.of("--timeout", "7200"))).hasMessageContaining("1 to 3600 seconds");
        assertThatThrownBy(() -> LoadOptions.parse(List.of("--clients", "many"))).hasMessage("--clients takes a whole number of requests in flight, not 'many'");
        assertThatThrownBy(() -> LoadOptions.parse(List.of("--orders"))).hasMessage("--orders needs a value, e.g. --orders 100");
        assertThatThrownBy(() -> LoadOptions.parse(List.of("--orders", "5", "--accounts", "6"))).hasMessageContaining("at most as many accounts as orders");
        assertThatThrownBy(() -> LoadOptions.parse(List.of("--burst"))).hasMessageStartingWith("unknown option '--burst' for 'load'");
    }

    @Test
    void anApiOnAnotherHostIsRefused() {
        LoadCommand.requireLoopback("http://127.0.0.1:4000/dev");
        LoadCommand.requireLoopback("http://localhost:4000/dev");
        assertThatThrownBy(() -> LoadCommand.requireLoopback("https://abc123.execute-api.us-east-1.amazonaws.com/dev"))
                .hasMessageContaining("is not on loopback");
    }

    @Test
    void everyAccountIsFundedWithWhatItsOrdersAddUpTo() {
        LoadPlan plan = new LoadPlan(23, 4);
        BigDecimal total = BigDecimal.ZERO;
        for (int order = 0; order < 23; order++) {
            total = total.add(plan.amountOf(order));
        }
        BigDecimal deposits = BigDecimal.ZERO;
        for (int account = 0; account < 4; account++) {
            deposits = deposits.add(plan.depositFor(account));
        }

        assertThat(deposits).isEqualByComparingTo(total);
        assertThat(plan.amountOf(0)).isEqualByComparingTo("1.00");
        assertThat(plan.amountOf(8)).isEqualByComparingTo("9.00");
        assertThat(plan.amountOf(9).toPlainString()).isEqualTo("1.00");
        assertThat(plan.accountOf(5)).isEqualTo(1);
        assertThat(plan.depositFor(3)).as("orders 3, 7, 11, 15, 19: 4 + 8 + 3 + 7 + 2").isEqualByComparingTo("24.00");
    }

    @Test
    void percentilesAreNearestRank() {
        long[] nanos = new long[100];
        for (int i = 0; i < 100; i++) {
            nanos[i] = (100 - i) * 1_000_000L;
        }
        Latencies l = new Latencies(nanos);

        assertThat(l.percentileMillis(50)).isEqualTo(50.0);
        assertThat(l.percentileMillis(99)).isEqualTo(99.0);
        assertThat(l.maxMillis()).isEqualTo(100.0);
        assertThat(new Latencies(new long[0]).percentileMillis(99)).isZero();
    }
}
