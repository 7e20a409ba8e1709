package dev.ferry.local.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a load run's effects happened exactly once: each account's balance is its deposit minus its confirmed
 * orders (no payment lost, none taken twice), one confirmation email per confirmed order and none for a rejected
 * one, one welcome per account, and no order left PENDING.
 */
final class ExactlyOnceCheck {

    /** What the run found: its findings (empty: passed) and the counts behind them. */
    record Verdict(List<String> problems, int balancesChecked, int confirmed, int rejected, int pending, int confirmationEmails,
                   int welcomeEmails) {
        boolean passed() {
            return problems.isEmpty();
        }
    }

    private ExactlyOnceCheck() {}

    /**
     * @param statuses each placed order's final status by order id (a missing one counts as PENDING)
     * @param balances each account's balance by account index
     * @param emails   the emails sent for the run's correlation ids
     * @param welcomeCorrelations the correlation id each account was opened with, by account index
     */
    static Verdict of(LoadPlan plan, List<OrderBurst.Placed> placed, Map<String, String> statuses, Map<Integer, BigDecimal> balances,
                      List<Mailbox.Email> emails, List<String> welcomeCorrelations) {
        List<String> problems = new ArrayList<>();
        Map<Integer, BigDecimal> paid = new HashMap<>();
        Map<String, OrderBurst.Placed> byCorrelation = new HashMap<>();
        int confirmed = 0;
        int rejected = 0;
        int pending = 0;
        for (OrderBurst.Placed p : placed) {
            byCorrelation.put(p.correlationId(), p);
            String status = statuses.getOrDefault(p.orderId(), "PENDING");
            switch (status) {
                case "CONFIRMED" -> {
                    confirmed++;
                    paid.merge(p.account(), p.amount(), BigDecimal::add);
                }
                case "REJECTED" -> rejected++;
                default -> pending++;
            }
        }
        if (pending > 0) {
            problems.add(pending + " order(s) still PENDING");
        }
        for (int account = 0; account < plan.accounts(); account++) {
            BigDecimal expected = plan.depositFor(account).subtract(paid.getOrDefault(account, BigDecimal.ZERO));
            BigDecimal actual = balances.get(account);
            if (actual == null) {
                problems.add("account #" + account + ": its balance could not be read");
            } else if (actual.compareTo(expected) != 0) {
                problems.add("account #" + account + ": balance " + actual.toPlainString() + ", expected " + expected.toPlainString()
                        + " (deposit " + plan.depositFor(account).toPlainString() + " - confirmed orders)");
            }
        }
        Map<String, Integer> confirmations = new HashMap<>();
        Map<String, Integer> welcomes = new HashMap<>();
        for (Mailbox.Email e : emails) {
            switch (e.template()) {
                case "order-confirmation" -> confirmations.merge(e.correlationId(), 1, Integer::sum);
                case "welcome" -> welcomes.merge(e.correlationId(), 1, Integer::sum);
                default -> problems.add("an email with template " + e.template() + " for " + e.correlationId());
            }
        }
        for (OrderBurst.Placed p : placed) {
            int expected = "CONFIRMED".equals(statuses.get(p.orderId())) ? 1 : 0;
            int sent = confirmations.getOrDefault(p.correlationId(), 0);
            if (sent != expected) {
                problems.add("order " + p.orderId() + " (" + statuses.getOrDefault(p.orderId(), "PENDING") + "): " + sent
                        + " confirmation email(s), expected " + expected);
            }
        }
        confirmations.keySet().stream().filter(c -> !byCorrelation.containsKey(c)).forEach(c ->
                problems.add("a confirmation email for " + c + ", which names no order this run placed"));
        for (String correlation : welcomeCorrelations) {
            int sent = welcomes.getOrDefault(correlation, 0);
            if (sent != 1) {
                problems.add("account opened as " + correlation + ": " + sent + " welcome email(s), expected 1");
            }
        }
        int confirmationEmails = confirmations.values().stream().mapToInt(Integer::intValue).sum();
        int welcomeEmails = welcomes.values().stream().mapToInt(Integer::intValue).sum();
        return new Verdict(shortened(problems), balances.size(), confirmed, rejected, pending, confirmationEmails, welcomeEmails);
    }

    /** At most 20 findings and how many more: a broken run must not bury the summary under thousands of lines. */
    private static List<String> shortened(List<String> problems) {
        if (problems.size() <= 20) {
            return List.copyOf(problems);
        }
        List<String> first = new ArrayList<>(problems.subList(0, 20));
        first.add("... and " + (problems.size() - 20) + " more");
        return List.copyOf(first);
    }
}
