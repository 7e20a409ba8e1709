package dev.ferry.functions.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.http.HttpRequest;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonBodyTest {

    private static final Set<String> FIELDS = Set.of("accountId", "amount", "currency");

    private static HttpRequest post(String body) {
        return new HttpRequest("POST", "/orders", Map.of("Content-Type", "application/json; charset=utf-8"), body);
    }

    private static InvalidRequest invalid(String body) {
        try {
            JsonBody.parse(post(body), FIELDS).positiveMoney("amount", "currency");
        } catch (InvalidRequest e) {
            return e;
        }
        throw new AssertionError("accepted: " + body);
    }

    @Test
    void moneyIsReadFromDecimalStrings() {
        assertThat(JsonBody.parse(post("{\"amount\":\"12.50\",\"currency\":\"EUR\"}"), FIELDS).positiveMoney("amount", "currency").toString())
                .isEqualTo("12.50 EUR");
    }

    @Test
    void unknownFieldsAreNamed() {
        assertThat(invalid("{\"amount\":\"1.00\",\"currency\":\"USD\",\"discount\":\"1\"}").problem().detail())
                .contains("Unknown field 'discount'").contains("accountId, amount, currency");
    }

    @Test
    void aJsonNumberIsNotMoney() {
        assertThat(invalid("{\"amount\":12.5,\"currency\":\"USD\"}").problem().detail()).contains("decimal string").contains("not a JSON number");
    }

    @Test
    void amountRulesAreExplained() {
        assertThat(invalid("{\"amount\":\"12.505\",\"currency\":\"USD\"}").problem().detail()).startsWith("Field 'amount'").contains("decimals");
        assertThat(invalid("{\"amount\":\"0.00\",\"currency\":\"USD\"}").problem().detail()).contains("greater than zero");
        assertThat(invalid("{\"amount\":\"-1.00\",\"currency\":\"USD\"}").problem().detail()).contains("greater than zero");
        assertThat(invalid("{\"amount\":\"abc\",\"currency\":\"USD\"}").problem().detail()).contains("not a decimal amount");
    }

    @Test
    void currencyRulesNameTheCurrencyField() {
        assertThat(invalid("{\"amount\":\"1.00\",\"currency\":\"XYZ\"}").problem().detail()).startsWith("Field 'currency'");
        assertThat(invalid("{\"amount\":\"1.00\",\"currency\":\"US\"}").problem().detail()).contains("'currency'");
        assertThat(invalid("{\"amount\":\"1.00\"}").problem().detail()).contains("'currency' is required");
    }

    @Test
    void malformedOrOversizedOrNonObjectBodiesAreRefused() {
        assertThat(invalid("{\"amount\":").problem().detail()).contains("not valid JSON");
        assertThat(invalid("[1,2]").problem().detail()).contains("JSON object");
        assertThat(invalid("{\"amount\":\"1.00\",\"amount\":\"2.00\",\"currency\":\"USD\"}").problem().detail()).contains("not valid JSON");
        assertThat(invalid("{} {}").problem().detail()).contains("not valid JSON");
        assertThat(invalid("").problem().detail()).contains("empty");
        assertThat(invalid("{\"accountId\":\"" + "x".repeat(JsonBody.MAX_BYTES) + "\"}").problem().status()).isEqualTo(413);
    }

    @Test
    void otherMediaTypesAreUnsupported() {
        HttpRequest xml = new HttpRequest("POST", "/orders", Map.of("Content-Type", "application/xml"), "<order/>");
        assertThatThrownBy(() -> JsonBody.parse(xml, FIELDS)).isInstanceOfSatisfying(InvalidRequest.class,
                e -> assertThat(e.problem().status()).isEqualTo(415));
    }
}
