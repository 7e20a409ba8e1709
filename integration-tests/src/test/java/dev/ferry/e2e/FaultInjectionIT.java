package dev.ferry.e2e;

import static dev.ferry.e2e.Workflow.ACCOUNT_OPENED;
import static dev.ferry.e2e.Workflow.ORDER_CONFIRMED;
import static dev.ferry.e2e.Workflow.ORDER_PLACED;
import static dev.ferry.e2e.Workflow.ORDER_REJECTED;
import static dev.ferry.e2e.Workflow.PAYMENT_FAILED;
import static dev.ferry.e2e.Workflow.PAYMENT_SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.local.faults.FaultCounters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The workflow on a system whose event-driven functions run under the fault injector
 * ({@link FerryExtension#FAULTY_PLAN}): every delivery made twice, handlers crashing before and after their
 * side effects. Every effect still happens exactly once.
 */
@ExtendWith(FerryExtension.class)
class FaultInjectionIT {

    private final FerrySystem ferry;
    private final Workflow workflow;

    FaultInjectionIT(@WithFaults FerrySystem ferry) {
        this.ferry = ferry;
        this.workflow = new Workflow(ferry);
    }

    @Test
    void everyEffectHappensOnceWhenEveryEventIsDeliveredTwice() {
        FaultCounters before = ferry.runtime().faultCounters();

        runWorkloadAndCheckEffectsOnce();

        assertThat(ferry.runtime().faultCounters().duplicates() - before.duplicates())
                .as("duplicate deliveries injected").isPositive();
    }

    @Test
    void effectsStayExactlyOnceWhenHandlersCrashBeforeOrAfterTheirSideEffects() {
        FaultCounters before = ferry.runtime().faultCounters();

        runWorkloadAndCheckEffectsOnce();

        FaultCounters after = ferry.runtime().faultCounters();
        assertThat(after.crashesBefore() - before.crashesBefore()).as("crashes before the handler ran").isPositive();
        assertThat(after.crashesAfter() - before.crashesAfter()).as("crashes after the side effects").isPositive();
    }

    /**
     * Two accounts funded by two deposits each, two orders paid and one refused: balances, order states,
     * one email per event and template, and analytics counts equal to the events in the log.
     */
    private void runWorkloadAndCheckEffectsOnce() {
        List<Workflow.Account> accounts = List.of(workflow.openAccount("Fault Tolerant"), workflow.openAccount("Also Tolerant"));
        for (Workflow.Account account : accounts) {
            assertThat(workflow.deposit(account.id(), Workflow.key(), "60.00").status()).isEqualTo(202);
            assertThat(workflow.deposit(account.id(), Workflow.key(), "40.00").status()).isEqualTo(202);
        }
        for (Workflow.Account account : accounts) {
            workflow.awaitBalance(account.id(), "100.00");
        }
        Workflow.Account first = accounts.get(0);
        Workflow.Account second = accounts.get(1);
        Workflow.Order paidA = workflow.placeOrder(first.id(), "30.00");
        Workflow.Order paidB = workflow.placeOrder(second.id(), "45.50");
        Workflow.Order refused = workflow.placeOrder(second.id(), "1000.00");

        assertThat(workflow.awaitSettled(paidA.id()).get("status").asText()).isEqualTo("CONFIRMED");
        assertThat(workflow.awaitSettled(paidB.id()).get("status").asText()).isEqualTo("CONFIRMED");
        assertThat(workflow.awaitSettled(refused.id()).get("status").asText()).isEqualTo("REJECTED");

        List<Workflow.TracedEvent> events = new ArrayList<>();
        for (Workflow.Account account : accounts) {
            events.addAll(workflow.awaitTrace(account.correlationId(), ACCOUNT_OPENED));
        }
        events.addAll(workflow.awaitTrace(paidA.correlationId(), ORDER_PLACED, PAYMENT_SUCCEEDED, ORDER_CONFIRMED));
        events.addAll(workflow.awaitTrace(paidB.correlationId(), ORDER_PLACED, PAYMENT_SUCCEEDED, ORDER_CONFIRMED));
        events.addAll(workflow.awaitTrace(refused.correlationId(), ORDER_PLACED, PAYMENT_FAILED, ORDER_REJECTED));
        assertThat(events).as("each event once in the audit log").hasSize(11)
                .extracting(Workflow.TracedEvent::id).doesNotHaveDuplicates();

        // Emails: one welcome per account, one confirmation per confirmed order, none for the refused one.
        for (Workflow.TracedEvent event : events) {
            List<String> expected = switch (event.type()) {
                case ACCOUNT_OPENED -> List.of("welcome");
                case ORDER_CONFIRMED -> List.of("order-confirmation");
                default -> List.of();
            };
            if (!expected.isEmpty()) {
                await("email for " + event.type() + " " + event.id()).atMost(Workflow.CHAIN_TIMEOUT)
                        .until(() -> !workflow.emailsFor(event.id()).isEmpty());
            }
            assertThat(workflow.emailsFor(event.id())).as("emails for %s", event.type()).isEqualTo(expected);
        }

        // Balances moved once per deposit and once per paid order, however often the events came.
        await("balances stay put").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(20)).until(() ->
                workflow.balance(first.id()).compareTo(new java.math.BigDecimal("70.00")) == 0
                        && workflow.balance(second.id()).compareTo(new java.math.BigDecimal("54.50")) == 0);

        // Analytics counted every event of the log exactly once: its counts equal what Audit stored.
        await("analytics counts equal the audited events").atMost(Workflow.CHAIN_TIMEOUT).pollInterval(Duration.ofMillis(300))
                .until(() -> workflow.analyticsCounts().equals(workflow.auditedCounts()));
        await("and stay equal").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> workflow.analyticsCounts().equals(workflow.auditedCounts()));
        Map<String, Long> counts = workflow.analyticsCounts();
        assertThat(counts).containsKeys(ACCOUNT_OPENED, ORDER_PLACED, ORDER_CONFIRMED);
    }
}
