package dev.ferry.e2e;

import static dev.ferry.e2e.Workflow.ACCOUNT_OPENED;
import static dev.ferry.e2e.Workflow.DEPOSIT_APPLIED;
import static dev.ferry.e2e.Workflow.ORDER_CONFIRMED;
import static dev.ferry.e2e.Workflow.ORDER_PLACED;
import static dev.ferry.e2e.Workflow.ORDER_REJECTED;
import static dev.ferry.e2e.Workflow.PAYMENT_FAILED;
import static dev.ferry.e2e.Workflow.PAYMENT_SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FerryExtension.class)
class EventLogConsumersIT {

    private final Workflow workflow;

    EventLogConsumersIT(FerrySystem ferry) {
        this.workflow = new Workflow(ferry);
    }

    @Test
    void analyticsAndAuditBothSeeEveryEventOfTheLog() {
        Workflow.Account account = workflow.openAccount("Edsger Dijkstra");
        Api.Response deposit = workflow.deposit(account.id(), Workflow.key(), "40.00");
        workflow.awaitBalance(account.id(), "40.00");
        Workflow.Order paid = workflow.placeOrder(account.id(), "15.00");
        Workflow.Order unpaid = workflow.placeOrder(account.id(), "500.00");

        // The trace endpoint reads the audit table: every event it lists, Audit has stored.
        List<String> correlationIds = List.of(account.correlationId(), deposit.correlationId().orElseThrow(),
                paid.correlationId(), unpaid.correlationId());
        List<Workflow.TracedEvent> events = new ArrayList<>();
        events.addAll(workflow.awaitTrace(account.correlationId(), ACCOUNT_OPENED));
        events.addAll(workflow.awaitTrace(deposit.correlationId().orElseThrow(), DEPOSIT_APPLIED));
        events.addAll(workflow.awaitTrace(paid.correlationId(), ORDER_PLACED, PAYMENT_SUCCEEDED, ORDER_CONFIRMED));
        events.addAll(workflow.awaitTrace(unpaid.correlationId(), ORDER_PLACED, PAYMENT_FAILED, ORDER_REJECTED));
        assertThat(events).hasSize(8);
        assertThat(correlationIds).doesNotHaveDuplicates();

        for (Workflow.TracedEvent event : events) {
            await("Analytics applied " + event.type() + " " + event.id()).atMost(Workflow.CHAIN_TIMEOUT)
                    .until(() -> workflow.analyticsApplied(event.id()));
        }
    }
}
