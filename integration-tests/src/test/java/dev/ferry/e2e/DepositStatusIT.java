package dev.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** A deposit is a task: its 202 names a status resource that ends APPLIED or REJECTED with the reason. */
@ExtendWith(FerryExtension.class)
class DepositStatusIT {

    private static final Duration WITHIN_SECONDS = Duration.ofSeconds(20);

    private final FerrySystem ferry;
    private final Workflow workflow;

    DepositStatusIT(FerrySystem ferry) {
        this.ferry = ferry;
        this.workflow = new Workflow(ferry);
    }

    @Test
    void anAcceptedDepositNamesItsStatusResourceWhichEndsAppliedWithTheBalanceAfter() {
        Workflow.Account account = workflow.openAccount("Status Ada");
        Api.Response accepted = workflow.deposit(account.id(), Workflow.key(), "40.00");

        assertThat(accepted.status()).isEqualTo(202);
        String location = accepted.location().orElseThrow();
        assertThat(location).startsWith("/accounts/" + account.id() + "/deposits/");
        JsonNode applied = awaitStatus(location, "APPLIED");
        assertThat(applied.get("balanceAfter").asText()).isEqualTo("40.00");
        assertThat(applied.get("amount").asText()).isEqualTo("40.00");
    }

    @Test
    void aDepositThatCanNeverBeAppliedIsRejectedWithItsReasonAndTheNextOneIsAppliedWithoutWaiting() {
        Workflow.Account account = workflow.fundedAccount("Overflow Bo", "100.00");
        // A command the API accepted against an older balance (another deposit raced it): only the worker can tell.
        String doomed = UUID.randomUUID().toString();
        sendCommand(account.id(), doomed, "999999999999.00");
        Api.Response next = workflow.deposit(account.id(), Workflow.key(), "25.00");
        assertThat(next.status()).isEqualTo(202);

        JsonNode rejected = awaitStatus("/accounts/" + account.id() + "/deposits/" + doomed, "REJECTED");
        assertThat(rejected.get("reason").asText()).contains("largest balance");
        awaitStatus(next.location().orElseThrow(), "APPLIED");
        workflow.awaitBalance(account.id(), "125.00");

        Message dead = awaitDeadLetter(doomed);
        assertThat(dead.messageAttributes().get("ferry-failure-reason").stringValue()).contains("largest balance");
        assertThat(Integer.parseInt(dead.messageAttributes().get("ferry-attempts").stringValue()))
                .as("refused at its first delivery, never retried").isEqualTo(1);
    }

    private JsonNode awaitStatus(String location, String status) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await("deposit " + location + " " + status).atMost(WITHIN_SECONDS).pollInterval(Duration.ofMillis(100)).until(() -> {
            Api.Response r = ferry.api().get(location);
            if (r.status() != 200) {
                return false;
            }
            last.set(r.json());
            return status.equals(r.json().get("status").asText());
        });
        return last.get();
    }

    private void sendCommand(String accountId, String depositId, String amount) {
        String envelope = """
                {"specversion":"1.0","id":"%s","source":"/ferry/payments","type":"dev.ferry.payments.DepositRequested.v1",\
                "subject":"%s","time":"%s","datacontenttype":"application/json","correlationid":"e2e-%s",\
                "data":{"depositId":"%s","accountId":"%s","amount":"%s","currency":"EUR"}}"""
                .formatted(depositId, accountId, Instant.now(), depositId, depositId, accountId, amount);
        ferry.sqs().sendMessage(m -> m.queueUrl(ferry.queueUrl("account-commands.fifo")).messageBody(envelope)
                .messageGroupId(accountId).messageDeduplicationId(depositId)
                .messageAttributes(Map.of("type", MessageAttributeValue.builder().dataType("String")
                        .stringValue("dev.ferry.payments.DepositRequested.v1").build())));
    }

    private Message awaitDeadLetter(String depositId) {
        String dlq = ferry.queueUrl("account-commands-dlq.fifo");
        AtomicReference<Message> found = new AtomicReference<>();
        await("dead letter of deposit " + depositId).atMost(WITHIN_SECONDS).pollInterval(Duration.ofMillis(200)).until(() -> {
            ferry.sqs().receiveMessage(r -> r.queueUrl(dlq).maxNumberOfMessages(10).visibilityTimeout(0)
                    .messageAttributeNames("All").waitTimeSeconds(1)).messages().stream()
                    .filter(m -> m.body().contains(depositId)).findFirst().ifPresent(found::set);
            return found.get() != null;
        });
        return found.get();
    }
}
