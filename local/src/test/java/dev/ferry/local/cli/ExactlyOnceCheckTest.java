package dev.ferry.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code ferry load} calls exactly once, and the findings it reports when something happened twice or never. */
class ExactlyOnceCheckTest {
    final LoadPlan plan = new LoadPlan(4, 2);
    final List<OrderBurst.Placed> placed = new ArrayList<>();
    final Map<String, String> statuses = new HashMap<>();
    final Map<Integer, BigDecimal> balances = new HashMap<>();
    final List<Mailbox.Email> emails = new ArrayList<>();
    final List<String> welcomes = List.of("load-r-account-0", "load-r-account-1");

    ExactlyOnceCheckTest() {
        for (int i = 0; i < 4; i++) {
            placed.add(new OrderBurst.Placed(i, "order-" + i, "load-r-order-" + i, plan.accountOf(i), plan.amountOf(i)));
            statuses.put("order-" + i, "CONFIRMED");
            emails.add(email("order-confirmation", "load-r-order-" + i));
        }
        balances.put(0, BigDecimal.ZERO.setScale(2));
        balances.put(1, BigDecimal.ZERO.setScale(2));
        welcomes.forEach(w -> emails.add(email("welcome", w)));
    }

    private static Mailbox.Email email(String template, String correlation) {
        return new Mailbox.Email("x@example.com", template, "subject", correlation, "2026-12-07T00:00:00Z");
    }

    private ExactlyOnceCheck.Verdict verdict() {
        return ExactlyOnceCheck.of(plan, placed, statuses, balances, emails, welcomes);
    }

    @Test
    void everyEffectOncePasses() {
        ExactlyOnceCheck.Verdict v = verdict();

        assertThat(v.problems()).isEmpty();
        assertThat(v.confirmed()).isEqualTo(4);
        assertThat(v.confirmationEmails()).isEqualTo(4);
        assertThat(v.welcomeEmails()).isEqualTo(2);
    }

    @Test
    void aPaymentTakenTwiceShowsInTheBalance() {
        balances.put(1, new BigDecimal("-4.00"));

        assertThat(verdict().problems()).containsExactly(
                "account #1: balance -4.00, expected 0.00 (deposit 6.00 - confirmed orders)");
    }

    @Test
    void aSecondConfirmationEmailAndAMissingOneAreBothFound() {
        emails.add(email("order-confirmation", "load-r-order-2"));
        emails.removeIf(e -> e.correlationId().equals("load-r-order-3"));

        assertThat(verdict().problems()).containsExactlyInAnyOrder(
                "order order-2 (CONFIRMED): 2 confirmation email(s), expected 1",
                "order order-3 (CONFIRMED): 0 confirmation email(s), expected 1");
    }

    @Test
    void aPendingOrderAndARejectedOneThatWasMailedFail() {
        statuses.remove("order-0");
        statuses.put("order-1", "REJECTED");
        balances.put(0, new BigDecimal("1.00"));
        balances.put(1, new BigDecimal("2.00"));

        assertThat(verdict().problems()).contains("1 order(s) still PENDING",
                "order order-1 (REJECTED): 1 confirmation email(s), expected 0");
        assertThat(verdict().pending()).isEqualTo(1);
        assertThat(verdict().rejected()).isEqualTo(1);
    }
}
