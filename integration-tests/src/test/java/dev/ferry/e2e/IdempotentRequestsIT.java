package dev.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith(FerryExtension.class)
class IdempotentRequestsIT {

    private final FerrySystem ferry;
    private final Workflow workflow;

    IdempotentRequestsIT(FerrySystem ferry) {
        this.ferry = ferry;
        this.workflow = new Workflow(ferry);
    }

    @Test
    void repeatedOrderPostCreatesOneOrderAndGetsTheSameAnswer() {
        Workflow.Account account = workflow.fundedAccount("Katherine Johnson", "100.00");
        String key = Workflow.key();

        Api.Response first = workflow.placeOrderRequest(account.id(), key, "10.00");
        Api.Response second = workflow.placeOrderRequest(account.id(), key, "10.00");
        Api.Response third = workflow.placeOrderRequest(account.id(), key, "10.00");

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(first.status());
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(third.body()).isEqualTo(first.body());
        workflow.awaitSettled(first.json().get("id").asText());
        assertThat(ordersOf(account.id())).isEqualTo(1);
        workflow.awaitBalance(account.id(), "90.00");
    }

    @Test
    void sameIdempotencyKeyWithAnotherPayloadIsUnprocessable() {
        Workflow.Account account = workflow.openAccount("Dorothy Vaughan");
        String key = Workflow.key();

        Api.Response first = workflow.placeOrderRequest(account.id(), key, "10.00");
        Api.Response other = workflow.placeOrderRequest(account.id(), key, "11.00");

        assertThat(first.status()).isEqualTo(202);
        assertThat(other.status()).as(other.body()).isEqualTo(422);
        assertThat(ordersOf(account.id())).isEqualTo(1);
    }

    @Test
    void depositRepeatedWithOneKeyMovesTheBalanceOnce() {
        Workflow.Account account = workflow.openAccount("Mary Jackson");
        String key = Workflow.key();

        Api.Response first = workflow.deposit(account.id(), key, "25.00");
        Api.Response second = workflow.deposit(account.id(), key, "25.00");
        Api.Response third = workflow.deposit(account.id(), key, "25.00");

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(third.body()).isEqualTo(first.body());
        workflow.awaitBalance(account.id(), "25.00");
        await("balance stays 25.00").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(6))
                .until(() -> workflow.balance(account.id()).compareTo(new java.math.BigDecimal("25.00")) == 0);
    }

    private long ordersOf(String accountId) {
        return ferry.dynamoDb().scanPaginator(r -> r.tableName(ferry.name("orders"))
                        .filterExpression("kind = :k AND accountId = :a")
                        .expressionAttributeValues(Map.of(":k", AttributeValue.fromS("order"), ":a", AttributeValue.fromS(accountId))))
                .items().stream().count();
    }
}
