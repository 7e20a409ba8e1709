package dev.ferry.e2e;

import static dev.ferry.e2e.Workflow.ACCOUNT_OPENED;
import static dev.ferry.e2e.Workflow.ORDER_CONFIRMED;
import static dev.ferry.e2e.Workflow.ORDER_PLACED;
import static dev.ferry.e2e.Workflow.PAYMENT_SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FerryExtension.class)
class CausalTraceIT {

    private final Workflow workflow;

    CausalTraceIT(FerrySystem ferry) {
        this.workflow = new Workflow(ferry);
    }

    @Test
    void traceOfAnOrderIsTheWholeCausalChainInOrder() {
        Workflow.Account account = workflow.fundedAccount("Alan Turing", "50.00");
        Workflow.Order order = workflow.placeOrder(account.id(), "12.50");

        List<Workflow.TracedEvent> chain = workflow.awaitTrace(order.correlationId(), ORDER_PLACED, PAYMENT_SUCCEEDED, ORDER_CONFIRMED);

        assertThat(chain).extracting(Workflow.TracedEvent::type).containsExactly(ORDER_PLACED, PAYMENT_SUCCEEDED, ORDER_CONFIRMED);
        assertThat(chain).extracting(Workflow.TracedEvent::subject).containsOnly(order.id());
        Workflow.TracedEvent placed = chain.get(0);
        Workflow.TracedEvent paid = chain.get(1);
        Workflow.TracedEvent confirmed = chain.get(2);
        assertThat(paid.causationId()).as("PaymentSucceeded is caused by OrderPlaced").contains(placed.id());
        assertThat(confirmed.causationId()).as("OrderConfirmed is caused by PaymentSucceeded").contains(paid.id());
    }

    @Test
    void traceOfAnAccountOpeningHoldsItsEvent() {
        Workflow.Account account = workflow.openAccount("Barbara Liskov");

        List<Workflow.TracedEvent> chain = workflow.awaitTrace(account.correlationId(), ACCOUNT_OPENED);

        assertThat(chain).extracting(Workflow.TracedEvent::type).containsExactly(ACCOUNT_OPENED);
        assertThat(chain.getFirst().subject()).isEqualTo(account.id());
    }

    @Test
    void traceOfAnUnknownCorrelationIdIsNotFound() {
        assertThat(workflow.trace("no-such-conversation-" + Workflow.key())).isEmpty();
    }
}
