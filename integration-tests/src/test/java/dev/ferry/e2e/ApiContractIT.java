package dev.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a client sees of the API's contract: every refusal a problem, every replay the first answer's identity. */
@ExtendWith(FerryExtension.class)
class ApiContractIT {

    private final FerrySystem ferry;
    private final Workflow workflow;

    ApiContractIT(FerrySystem ferry) {
        this.ferry = ferry;
        this.workflow = new Workflow(ferry);
    }

    @Test
    void twoIdempotencyKeyLinesAreARefusalNotOneKey() {
        Workflow.Account account = workflow.fundedAccount("Two Keys", "10.00");
        String body = "{\"accountId\":\"" + account.id() + "\",\"amount\":\"1.00\",\"currency\":\"EUR\"}";
        long orders = itemCount("orders");

        Api.Response twoKeys = ferry.api().postWithKeyLines("/orders", List.of("key-a-" + Workflow.key(), "key-b-" + Workflow.key()), body);
        Api.Response twoBlanks = ferry.api().postWithKeyLines("/orders", List.of("", ""), body);

        assertThat(twoKeys.status()).as(twoKeys.body()).isEqualTo(400);
        assertThat(twoKeys.json().get("type").asText()).endsWith("idempotency-key-invalid");
        assertThat(twoBlanks.status()).as(twoBlanks.body()).isEqualTo(400);
        assertThat(itemCount("orders")).as("nothing written").isEqualTo(orders);
    }

    @Test
    void amountsWithMoreDecimalsThanTheCurrencyHasAreRefused() {
        Workflow.Account account = workflow.fundedAccount("Many Decimals", "10.00");
        Api.Response threeDecimals = workflow.placeOrderRequest(account.id(), Workflow.key(), "1.000");
        Api.Response yen = ferry.api().post("/orders", Workflow.key(),
                "{\"accountId\":\"" + account.id() + "\",\"amount\":\"5.0\",\"currency\":\"JPY\"}");

        assertThat(threeDecimals.status()).as(threeDecimals.body()).isEqualTo(400);
        assertThat(threeDecimals.json().get("detail").asText()).contains("EUR has 2");
        assertThat(yen.status()).as(yen.body()).isEqualTo(400);
        assertThat(yen.json().get("detail").asText()).contains("JPY has 0");
    }

    @Test
    void aReplayedAnswerCarriesTheFirstRequestsCorrelationIdSoItsTraceCanBeFound() {
        Workflow.Account account = workflow.fundedAccount("Lost Answer", "10.00");
        String key = Workflow.key();
        Api.Response first = workflow.placeOrderRequest(account.id(), key, "2.00");
        Api.Response replay = workflow.placeOrderRequest(account.id(), key, "2.00");

        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.correlationId()).isEqualTo(first.correlationId());
        assertThat(replay.location()).isEqualTo(first.location());
        workflow.awaitTrace(replay.correlationId().orElseThrow(), Workflow.ORDER_PLACED);
    }

    private long itemCount(String table) {
        return ferry.dynamoDb().scan(s -> s.tableName(ferry.name(table)).consistentRead(true)).count();
    }
}
