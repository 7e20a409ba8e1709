package dev.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.local.eventsource.MappingStats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A dead letter redriven after its consumer's idempotency record has expired (weeks later, in AWS) changes
 * nothing: the payment decision the order got the first time is kept for good and stops a second debit.
 */
@ExtendWith(FerryExtension.class)
class RedriveAfterHorizonIT {

    private final FerrySystem ferry;
    private final Workflow workflow;

    RedriveAfterHorizonIT(FerrySystem ferry) {
        this.ferry = ferry;
        this.workflow = new Workflow(ferry);
    }

    @Test
    void anOrderPlacedRedrivenAfterTheIdempotencyHorizonDebitsNothingAndEmitsNothing() {
        Workflow.Account account = workflow.fundedAccount("Late Redrive", "100.00");
        Workflow.Order order = workflow.placeOrder(account.id(), "30.00");
        assertThat(workflow.awaitSettled(order.id()).get("status").asText()).isEqualTo("CONFIRMED");
        workflow.awaitBalance(account.id(), "70.00");
        JsonNode placed = only(workflow.eventLog(order.id()), Workflow.ORDER_PLACED);

        // The horizon has passed: DynamoDB's TTL removed the payments consumer's key for this event.
        ferry.dynamoDb().deleteItem(d -> d.tableName(ferry.name("idempotency"))
                .key(Map.of("id", AttributeValue.fromS("PaymentsConsumer#" + placed.get("id").asText()))));
        // A copy of the OrderPlaced sat in the dead-letter queue all along; now someone redrives it.
        String dlq = ferry.queueUrl("payments-order-placed-dlq");
        ferry.sqs().sendMessage(m -> m.queueUrl(dlq).messageBody(placed.toString()));
        String dlqArn = ferry.sqs().getQueueAttributes(a -> a.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        long deliveredBefore = deliveredToPayments();
        String task = ferry.sqs().startMessageMoveTask(t -> t.sourceArn(dlqArn)).taskHandle();

        // Other scenarios' dead letters (a poison message) may be moved too: wait for all of them.
        AtomicLong moved = new AtomicLong();
        await("the move task done").atMost(Workflow.CHAIN_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() ->
                ferry.sqs().listMessageMoveTasks(l -> l.sourceArn(dlqArn)).results().stream()
                        .filter(r -> task.equals(r.taskHandle()) && "COMPLETED".equals(r.status()))
                        .peek(r -> moved.set(r.approximateNumberOfMessagesMoved())).findAny().isPresent());
        await("every moved message delivered to PaymentsConsumer").atMost(Workflow.CHAIN_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> deliveredToPayments() >= deliveredBefore + moved.get());
        await("nothing changes after it").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> workflow.balance(account.id()).compareTo(new java.math.BigDecimal("70.00")) == 0
                        && workflow.eventLog(order.id()).stream().filter(e -> e.get("type").asText().equals(Workflow.PAYMENT_SUCCEEDED)).count() == 1);
        assertThat(workflow.eventLog(order.id()).stream().map(e -> e.get("type").asText()))
                .as("no PaymentFailed either: the order was decided once").doesNotContain(Workflow.PAYMENT_FAILED);
    }

    /** Messages the PaymentsConsumer's queue mapping has handed to the function so far. */
    private long deliveredToPayments() {
        return ferry.mappings().stats().stream().filter(m -> m.mapping().startsWith("PaymentsConsumerQueueMapping"))
                .mapToLong(MappingStats::records).sum();
    }

    private static JsonNode only(List<JsonNode> events, String type) {
        List<JsonNode> ofType = events.stream().filter(e -> e.get("type").asText().equals(type)).toList();
        assertThat(ofType).as(type).hasSize(1);
        return ofType.getFirst();
    }
}
