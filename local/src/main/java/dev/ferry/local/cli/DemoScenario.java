package dev.ferry.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.local.cli.DemoApi.Answer;
import dev.ferry.local.cli.DemoApi.DemoFailure;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The story {@code ferry demo} tells, one or two lines per step: an account is opened, a deposit is sent twice
 * with one Idempotency-Key (the second is a replay and the balance moves once), one order is paid and one is
 * rejected for insufficient funds, then the outcome: both orders, the balance, the emails and one order's trace.
 * Every correlation id starts with {@code demo-<run>}, so the emails of this run are told apart from earlier ones.
 */
final class DemoScenario {
    static final String DEPOSIT = "100.00";
    static final String PAID = "30.00";
    static final String TOO_MUCH = "500.00";

    /** What the run established, for callers (and tests) that want more than the printed story. */
    record Outcome(String accountId, String paidOrderId, String paidStatus, String rejectedOrderId, String rejectedStatus,
                   String balance, List<Mailbox.Email> emails, int traceEvents) {}

    private final DemoApi api;
    private final Optional<Mailbox> mailbox;
    private final PrintStream out;
    private final Duration stepTimeout;
    private final String run;

    DemoScenario(DemoApi api, Optional<Mailbox> mailbox, PrintStream out, Duration stepTimeout, String run) {
        this.api = api;
        this.mailbox = mailbox;
        this.out = out;
        this.stepTimeout = stepTimeout;
        this.run = run;
    }

    Outcome play() {
        String prefix = "demo-" + run;
        String email = "ada+" + run + "@example.com";

        Answer account = expect(201, "open an account", api.post("/accounts", prefix + "-account", prefix + "-account",
                "{\"owner\": \"Ada Lovelace\", \"email\": \"" + email + "\", \"currency\": \"EUR\"}"));
        String accountId = account.text("id");
        step("1", "open an account", account.status() + "  account " + accountId + " for " + email + ", balance "
                + account.text("balance") + " EUR");

        String depositBody = "{\"amount\": \"" + DEPOSIT + "\", \"currency\": \"EUR\"}";
        Answer first = expect(202, "deposit", api.post("/accounts/" + accountId + "/deposits", prefix + "-deposit",
                prefix + "-deposit", depositBody));
        step("2", "deposit " + DEPOSIT + " EUR", first.status() + "  deposit " + first.text("depositId") + " accepted"
                + " (Idempotency-Key " + prefix + "-deposit)");
        Answer second = expect(202, "repeated deposit", api.post("/accounts/" + accountId + "/deposits", prefix + "-deposit",
                prefix + "-deposit-again", depositBody));
        step("3", "the same deposit again", second.status() + "  " + (second.replayed() ? "replayed" : "NOT marked as a replay")
                + ", deposit " + second.text("depositId") + (second.text("depositId").equals(first.text("depositId")) ? " (the same)" : " (a different one!)"));
        String funded = waitFor("the deposit to be applied", () -> api.get("/accounts/" + accountId),
                a -> amount(a.text("balance")).compareTo(BigDecimal.ZERO) > 0).text("balance");
        detail("balance " + funded + " EUR: the deposit worker applied the deposit once");

        String paidCorrelation = prefix + "-order-paid";
        Answer paid = expect(202, "place an order", api.post("/orders", paidCorrelation, paidCorrelation,
                order(accountId, PAID)));
        step("4", "order " + PAID + " EUR", paid.status() + "  order " + paid.text("id") + " " + paid.text("status")
                + ", correlation " + paidCorrelation);
        Answer rejected = expect(202, "place an order", api.post("/orders", prefix + "-order-rejected", prefix + "-order-rejected",
                order(accountId, TOO_MUCH)));
        step("5", "order " + TOO_MUCH + " EUR", rejected.status() + "  order " + rejected.text("id") + " " + rejected.text("status")
                + " (more than the balance)");

        Answer paidFinal = settled(paid.text("id"));
        step("6", "order " + PAID + " EUR is", paidFinal.text("status") + describeReason(paidFinal));
        Answer rejectedFinal = settled(rejected.text("id"));
        step("7", "order " + TOO_MUCH + " EUR is", rejectedFinal.text("status") + describeReason(rejectedFinal));

        BigDecimal expected = amount(DEPOSIT).subtract(paidFinal.text("status").equals("CONFIRMED") ? amount(PAID) : BigDecimal.ZERO);
        Answer balance = waitFor("the balance to settle at " + expected, () -> api.get("/accounts/" + accountId),
                a -> amount(a.text("balance")).compareTo(expected) == 0);
        step("8", "balance", balance.text("balance") + " EUR  (" + DEPOSIT + " deposited once, " + PAID + " paid, "
                + TOO_MUCH + " refused)");

        List<Mailbox.Email> emails = List.of();
        if (mailbox.isPresent()) {
            emails = waitFor("the welcome and the confirmation email", () -> mailbox.get().sentFor(prefix), e -> e.size() >= 2);
            step("9", "emails sent", emails.size() + " (read from the notifications table)");
            for (Mailbox.Email e : emails) detail(e.template() + " to " + e.to() + ": \"" + e.subject() + "\"");
        } else {
            step("9", "emails sent", "skipped: no data-plane endpoint known (start './ferry up' in this checkout)");
        }

        Answer trace = waitFor("the order's trace", () -> api.get("/traces/" + paidCorrelation),
                t -> t.body().path("events").size() >= 3);
        step("10", "trace of the paid order", trace.body().path("events").size() + " events for correlation " + paidCorrelation);
        List<String> ids = new ArrayList<>();
        for (JsonNode event : trace.body().path("events")) {
            String cause = event.path("causationid").asText("");
            int causeIndex = ids.indexOf(cause);
            detail(String.format("%d. %-40s %s%s", ids.size() + 1, event.path("type").asText(), event.path("time").asText(),
                    causeIndex >= 0 ? "  <- caused by #" + (causeIndex + 1) : ""));
            ids.add(event.path("id").asText());
        }
        return new Outcome(accountId, paidFinal.text("id"), paidFinal.text("status"), rejectedFinal.text("id"),
                rejectedFinal.text("status"), balance.text("balance"), emails, trace.body().path("events").size());
    }

    private Answer settled(String orderId) {
        return waitFor("order " + orderId + " to leave PENDING", () -> api.get("/orders/" + orderId),
                o -> !o.text("status").isEmpty() && !o.text("status").equals("PENDING"));
    }

    private static String describeReason(Answer order) {
        String reason = order.text("reason");
        return reason.isEmpty() ? "" : ": " + reason;
    }

    private static String order(String accountId, String amount) {
        return "{\"accountId\": \"" + accountId + "\", \"amount\": \"" + amount + "\", \"currency\": \"EUR\"}";
    }

    private Answer expect(int status, String what, Answer answer) {
        if (answer.status() != status) {
            throw new DemoFailure(what + " answered " + answer.status() + " instead of " + status + ": "
                    + answer.body().path("detail").asText(answer.body().toString()));
        }
        return answer;
    }

    /** Polls until {@code done} holds; a timeout is a failure that names what did not happen. */
    private <T> T waitFor(String what, Supplier<T> poll, Predicate<T> done) {
        long deadline = System.nanoTime() + stepTimeout.toNanos();
        T last = poll.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new DemoFailure("timed out after " + stepTimeout.toSeconds() + " s waiting for " + what
                        + " (last seen: " + last + "); see the output of './ferry up' and './ferry dlq'");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DemoFailure("interrupted while waiting for " + what);
            }
            last = poll.get();
        }
        return last;
    }

    private static BigDecimal amount(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return BigDecimal.ZERO;
        }
    }

    private void step(String number, String what, String result) {
        out.printf("%2s. %-24s %s%n", number, what, result);
        out.flush();
    }

    private void detail(String line) {
        out.printf("    %-24s %s%n", "", line);
        out.flush();
    }
}
