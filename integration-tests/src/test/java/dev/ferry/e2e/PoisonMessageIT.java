package dev.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

@ExtendWith(FerryExtension.class)
class PoisonMessageIT {

    private final FerrySystem ferry;
    private final Workflow workflow;

    PoisonMessageIT(FerrySystem ferry) {
        this.ferry = ferry;
        this.workflow = new Workflow(ferry);
    }

    @Test
    void malformedMessageLandsOnTheDeadLetterQueueWithItsReasonWhileTheQueueKeepsFlowing() {
        Workflow.Account account = workflow.fundedAccount("Niklaus Wirth", "80.00");
        String marker = "poison-" + Workflow.key();
        String poison = "{\"this is\":\"not an event envelope\",\"marker\":\"" + marker + "\"}";

        ferry.sqs().sendMessage(r -> r.queueUrl(ferry.queueUrl("payments-order-placed")).messageBody(poison));
        // A good message on the same queue after the poison one: the consumer keeps going.
        Workflow.Order order = workflow.placeOrder(account.id(), "30.00");

        assertThat(workflow.awaitSettled(order.id()).get("status").asText()).isEqualTo("CONFIRMED");
        Message dead = awaitDeadLetter(ferry.queueUrl("payments-order-placed-dlq"), marker);
        assertThat(dead.body()).isEqualTo(poison);
        assertThat(dead.messageAttributes()).containsKey("ferry-failure-reason");
        assertThat(dead.messageAttributes().get("ferry-failure-reason").stringValue()).as("rejected at once by the consumer, not redriven")
                .startsWith("malformed envelope:");
        System.out.println("e2e: dead letter reason: " + dead.messageAttributes().get("ferry-failure-reason").stringValue());
        assertThat(dead.messageAttributes().get("ferry-consumer").stringValue()).isEqualTo("PaymentsConsumer");
    }

    private Message awaitDeadLetter(String dlqUrl, String marker) {
        AtomicReference<Optional<Message>> found = new AtomicReference<>(Optional.empty());
        await("dead letter with " + marker).atMost(Workflow.CHAIN_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<Message> messages = ferry.sqs().receiveMessage(r -> r.queueUrl(dlqUrl).maxNumberOfMessages(10)
                    .visibilityTimeout(0).messageAttributeNames("All").waitTimeSeconds(1)).messages();
            found.set(messages.stream().filter(m -> m.body().contains(marker)).findFirst());
            return found.get().isPresent();
        });
        return found.get().orElseThrow();
    }
}
