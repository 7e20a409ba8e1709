package dev.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The API description on its own: it reads as the tests need it, its examples agree with its schemas, and its
 * money rules agree with the currency data of the Java runtime the functions use. (Whether the running API
 * agrees with it is {@link OpenApiContractIT}'s and {@link ApiFuzzIT}'s question.)
 */
class ApiDescriptionTest {

    private static final ApiDescription API = ApiDescription.load();

    @Test
    void isAWellFormedOpenApi31Document() throws IOException {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(Files.readString(ApiDescription.location()), null, options);

        assertThat(parsed.getMessages()).as("what the OpenAPI parser finds wrong with docs/openapi.yaml").isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
    }

    @Test
    void describesEveryRouteOfTheWorkflowWithAnOperationId() {
        assertThat(API.operations()).extracting(Operation::route).containsExactlyInAnyOrder(
                "POST /orders", "GET /orders/{id}", "POST /accounts", "GET /accounts/{id}",
                "POST /accounts/{id}/deposits", "GET /accounts/{id}/deposits/{depositId}", "GET /traces/{correlationId}");
        assertThat(API.operations()).extracting(Operation::operationId).doesNotContain("").doesNotHaveDuplicates();
    }

    @Test
    void everyPostRequiresOneIdempotencyKeyAndAJsonBody() {
        for (Operation post : API.operations().stream().filter(o -> o.method().equals("POST")).toList()) {
            assertThat(post.parameters("header")).as(post.route()).anySatisfy(p -> {
                assertThat(p.name()).isEqualTo("Idempotency-Key");
                assertThat(p.required()).isTrue();
            });
            assertThat(post.body()).as(post.route()).hasValueSatisfying(body -> {
                assertThat(body.mediaType()).isEqualTo("application/json");
                assertThat(body.maxBytes()).isEqualTo(16 * 1024);
            });
        }
    }

    @Test
    void everyErrorIsAProblemWhoseStatusIsTheHttpStatus() {
        for (Operation operation : API.operations()) {
            operation.responses().values().stream().filter(r -> r.status() >= 400).forEach(error -> {
                assertThat(error.mediaType()).as("%s %d", operation.route(), error.status()).contains("application/problem+json");
                String schema = error.schema().orElseThrow();
                assertThat(API.violations(schema, problem(error.status()))).as("%s %d", operation.route(), error.status()).isEmpty();
                assertThat(API.violations(schema, problem(error.status() == 400 ? 404 : 400)))
                        .as("%s %d with another status", operation.route(), error.status()).isNotEmpty();
            });
        }
    }

    @Test
    void examplesThatShouldSucceedFitTheirSchemas() {
        for (Operation operation : API.operations()) {
            operation.body().ifPresent(body -> body.examples().values().stream()
                    .filter(e -> e.expectedStatus().orElse(0) < 300)
                    .forEach(e -> assertThat(API.violations(body.schema(), e.value())).as("%s example %s", operation.route(), e.name()).isEmpty()));
        }
    }

    @Test
    void amountsHaveAtMostTheirCurrencysDecimalsAndArePositive() {
        String placeOrder = API.operation("placeOrder").body().orElseThrow().schema();
        assertThat(API.violations(placeOrder, order("12.50", "EUR"))).isEmpty();
        assertThat(API.violations(placeOrder, order("1250", "JPY"))).isEmpty();
        assertThat(API.violations(placeOrder, order("1.250", "BHD"))).isEmpty();
        assertThat(API.violations(placeOrder, order("1.2505", "CLF"))).isEmpty();
        assertThat(API.violations(placeOrder, order("000000000001", "EUR"))).isEmpty();
        for (String[] refused : List.of(new String[]{"12.500", "EUR"}, new String[]{"12.0", "JPY"}, new String[]{"1.2500", "BHD"},
                new String[]{"0.00", "EUR"}, new String[]{"-1.00", "EUR"}, new String[]{"1000000000000", "EUR"},
                new String[]{"1e3", "EUR"}, new String[]{"12.", "EUR"}, new String[]{".5", "EUR"}, new String[]{"+1", "EUR"},
                new String[]{"1.00", "XAU"}, new String[]{"1.00", "eur"})) {
            assertThat(API.violations(placeOrder, order(refused[0], refused[1]))).as("%s %s", refused[0], refused[1]).isNotEmpty();
        }
    }

    @Test
    void lengthsCountCharactersNotUtf16Units() {
        String openAccount = API.operation("openAccount").body().orElseThrow().schema();
        String emoji = "\uD83D\uDE00";
        JsonNode hundred = JsonNodeFactory.instance.objectNode().put("owner", emoji.repeat(100)).put("email", "a@example.com").put("currency", "EUR");
        JsonNode hundredAndOne = JsonNodeFactory.instance.objectNode().put("owner", emoji.repeat(101)).put("email", "a@example.com").put("currency", "EUR");

        assertThat(API.violations(openAccount, hundred)).isEmpty();
        assertThat(API.violations(openAccount, hundredAndOne)).isNotEmpty();
    }

    @Test
    void theDocumentsCurrencyClassesAreTheRuntimes() {
        assertThat(enumeration("CurrenciesWithoutMinorUnit")).isEqualTo(currenciesWithDigits(-1));
        assertThat(enumeration("CurrenciesWithoutDecimals")).isEqualTo(currenciesWithDigits(0));
        assertThat(enumeration("CurrenciesWithThreeDecimals")).isEqualTo(currenciesWithDigits(3));
        assertThat(enumeration("CurrenciesWithFourDecimals")).isEqualTo(currenciesWithDigits(4));
    }

    @Test
    void answersAreWrittenAtTheirCurrencysScale() throws IOException {
        String order = "/components/schemas/Order";
        JsonNode placed = Api.JSON.readTree("""
                {"id":"4c66e693-7b11-317f-ae45-110357a48111","accountId":"x","amount":"12.50","currency":"USD","status":"PENDING",
                 "version":1,"createdAt":"2026-12-06T22:08:05.961275575Z","updatedAt":"2026-12-06T22:08:05.961275575Z"}""");
        assertThat(API.violations(order, placed)).isEmpty();
        assertThat(API.violations(order, ((com.fasterxml.jackson.databind.node.ObjectNode) placed.deepCopy()).put("amount", "12.5"))).isNotEmpty();
        assertThat(API.violations(order, ((com.fasterxml.jackson.databind.node.ObjectNode) placed.deepCopy()).put("status", "REJECTED")))
                .as("a rejected order says why").isNotEmpty();
        assertThat(API.violations(order, ((com.fasterxml.jackson.databind.node.ObjectNode) placed.deepCopy()).put("extra", 1))).isNotEmpty();
        String location = API.operation("placeOrder").responses().get(202).headers().get("Location").schema();
        assertThat(API.violations(location, JsonNodeFactory.instance.textNode("/orders/4c66e693-7b11-317f-ae45-110357a48111"))).isEmpty();
        assertThat(API.violations(location, JsonNodeFactory.instance.textNode("/accounts/4c66e693-7b11-317f-ae45-110357a48111"))).isNotEmpty();
    }

    private static JsonNode order(String amount, String currency) {
        return JsonNodeFactory.instance.objectNode().put("accountId", "0cac2c0e-aa70-4d54-841f-557589b853aa")
                .put("amount", amount).put("currency", currency);
    }

    private static JsonNode problem(int status) {
        return JsonNodeFactory.instance.objectNode().put("type", "urn:problem-type:ferry:x").put("title", "X").put("status", status);
    }

    private static Set<String> enumeration(String schema) {
        List<String> codes = new ArrayList<>();
        API.node("/components/schemas/" + schema + "/enum").forEach(code -> codes.add(code.asText()));
        return new TreeSet<>(codes);
    }

    private static Set<String> currenciesWithDigits(int digits) {
        return Currency.getAvailableCurrencies().stream().filter(c -> c.getDefaultFractionDigits() == digits)
                .map(Currency::getCurrencyCode).collect(Collectors.toCollection(TreeSet::new));
    }
}
