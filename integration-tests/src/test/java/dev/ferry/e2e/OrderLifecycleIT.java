package dev.ferry.e2e;

import static dev.ferry.e2e.Workflow.ORDER_CONFIRMED;
import static dev.ferry.e2e.Workflow.ORDER_PLACED;
import static dev.ferry.e2e.Workflow.ORDER_REJECTED;
import static dev.ferry.e2e.Workflow.PAYMENT_FAILED;
import static dev.ferry.e2e.Workflow.PAYMENT_SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FerryExtension.class)
class OrderLifecycleIT {

    private final Workflow workflow;

    OrderLifecycleIT(FerrySystem ferry) {
        this.workflow = new Workflow(ferry);
    }

    @Test
    void orderIsConfirmedEndToEndWithExactlyOneConfirmationEmail() {
        Workflow.Account account = workflow.fundedAccount("Ada Lovelace", "100.00");

        Workflow.Order order = workflow.placeOrder(account.id(), "30.00");
        JsonNode settled = workflow.awaitSettled(order.id());

        assertThat(settled.get("status").asText()).isEqualTo("CONFIRMED");
        workflow.awaitBalance(account.id(), "70.00");
        List<Workflow.TracedEvent> chain = workflow.awaitTrace(order.correlationId(), ORDER_PLACED, PAYMENT_SUCCEEDED, ORDER_CONFIRMED);
        String confirmed = Workflow.only(chain, ORDER_CONFIRMED).id();
        await("confirmation email for " + confirmed).atMost(Workflow.CHAIN_TIMEOUT)
                .until(() -> !workflow.emailsFor(confirmed).isEmpty());
        // Give a duplicate every chance to show up before counting.
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .until(() -> workflow.emailsFor(confirmed).size() == 1);
        assertThat(workflow.emailsFor(confirmed)).containsExactly("order-confirmation");
    }

    @Test
    void orderBeyondTheBalanceIsRejectedForInsufficientFunds() {
        Workflow.Account account = workflow.fundedAccount("Grace Hopper", "20.00");

        Workflow.Order order = workflow.placeOrder(account.id(), "50.00");
        JsonNode settled = workflow.awaitSettled(order.id());

        assertThat(settled.get("status").asText()).isEqualTo("REJECTED");
        assertThat(settled.get("reason").asText()).containsIgnoringCase("fund");
        List<Workflow.TracedEvent> chain = workflow.awaitTrace(order.correlationId(), ORDER_PLACED, PAYMENT_FAILED, ORDER_REJECTED);
        assertThat(chain).extracting(Workflow.TracedEvent::type).doesNotContain(PAYMENT_SUCCEEDED, ORDER_CONFIRMED);
        assertThat(workflow.balance(account.id())).isEqualByComparingTo("20.00");
    }
}
