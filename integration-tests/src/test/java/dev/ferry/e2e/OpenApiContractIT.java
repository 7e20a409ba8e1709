package dev.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The API description (docs/openapi.yaml) against what is deployed and what answers: the CDK app's API has
 * exactly the documented routes with the documented required headers, every documented example gets its
 * documented status in the documented shape, every documented read answers in its documented shape, and the
 * gateway's own answers are problems too. {@link ApiFuzzIT} then tries everything else.
 */
@ExtendWith(FerryExtension.class)
class OpenApiContractIT {

    private static final ApiDescription API = ApiDescription.load();

    private final FerrySystem ferry;
    private final RawHttp http;
    private final ContractChecks checks = new ContractChecks(API);

    OpenApiContractIT(FerrySystem ferry) {
        this.ferry = ferry;
        this.http = new RawHttp(ferry.api().base());
    }

    @Test
    void theCdkAppsApiHasExactlyTheDescribedRoutes() {
        Set<String> deployed = ferry.apiRoutes().stream().map(r -> r.httpMethod() + " " + r.resourcePath())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> described = API.operations().stream().map(Operation::route).collect(Collectors.toCollection(TreeSet::new));

        assertThat(described).as("routes of docs/openapi.yaml (left) and of the CDK app's REST API (ApiStack)").isEqualTo(deployed);
    }

    @Test
    void theGatewayRequiresTheHeadersTheDescriptionRequires() {
        for (var route : ferry.apiRoutes()) {
            Optional<Operation> described = API.operations().stream()
                    .filter(o -> o.route().equals(route.httpMethod() + " " + route.resourcePath())).findFirst();
            described.ifPresent(operation -> assertThat(route.requiredHeaders()).as("headers the gateway requires for %s", operation.route())
                    .containsExactlyInAnyOrderElementsOf(operation.parameters("header").stream()
                            .filter(Operation.Parameter::required).map(Operation.Parameter::name).toList()));
        }
    }

    @Test
    void everyDocumentedRequestExampleGetsItsDocumentedStatusAndShape() {
        String account = openUsdAccount();
        List<String> broken = new ArrayList<>();
        for (Operation operation : API.operations()) {
            if (operation.body().isEmpty()) {
                continue;
            }
            for (Operation.Example example : operation.body().get().examples().values()) {
                int status = example.expectedStatus().orElseThrow(() -> new IllegalStateException(
                        operation.route() + " example " + example.name() + " has no x-ferry-expected-status"));
                HttpCall call = new HttpCall(operation.method(), operation.template().expand(Map.of("id", account)),
                        List.of(Map.entry("Idempotency-Key", UUID.randomUUID().toString()), Map.entry("Content-Type", "application/json")),
                        example.value().toString());
                broken.addAll(check(operation.route() + " example '" + example.name() + "'", operation, call, status));
            }
        }
        assertThat(broken).as("documented request examples").isEmpty();
    }

    @Test
    void everyDocumentedParameterExampleGetsItsDocumentedStatusAndShape() {
        String account = openUsdAccount();
        List<String> broken = new ArrayList<>();
        for (Operation operation : API.operations().stream().filter(o -> o.method().equals("GET")).toList()) {
            for (Operation.Parameter parameter : operation.parameters("path")) {
                for (Operation.Example example : parameter.examples().values()) {
                    Map<String, String> values = new LinkedHashMap<>();
                    operation.parameters("path").forEach(p -> values.put(p.name(), p.name().equals("id") ? account : UUID.randomUUID().toString()));
                    values.put(parameter.name(), PathEncoding.segment(example.value().asText()));
                    HttpCall call = new HttpCall("GET", operation.template().expand(values), List.of(), "");
                    broken.addAll(check(operation.route() + " {" + parameter.name() + "} example '" + example.name() + "'", operation, call,
                            example.expectedStatus().orElseThrow()));
                }
            }
        }
        assertThat(broken).as("documented parameter examples").isEmpty();
    }

    @Test
    void everyDocumentedReadAnswersInItsDocumentedShape() {
        HttpCall open = post("/accounts", "{\"owner\":\"Edsger Dijkstra\",\"email\":\"edsger@example.com\",\"currency\":\"EUR\"}");
        HttpAnswer opened = http.send(open);
        assertThat(opened.status()).as("POST /accounts: %s", opened).isEqualTo(201);
        String account = opened.json().orElseThrow().path("id").asText();
        HttpAnswer placed = http.send(post("/orders", "{\"accountId\":\"" + account + "\",\"amount\":\"1.00\",\"currency\":\"EUR\"}"));
        HttpAnswer deposited = http.send(post("/accounts/" + account + "/deposits", "{\"amount\":\"5.00\",\"currency\":\"EUR\"}"));
        assertThat(placed.status()).as("POST /orders: %s", placed).isEqualTo(202);
        assertThat(deposited.status()).as("POST /accounts/{id}/deposits: %s", deposited).isEqualTo(202);

        List<String> broken = new ArrayList<>();
        broken.addAll(check("GET /accounts/{id}", API.operation("getAccount"), get("/accounts/" + account), 200));
        broken.addAll(check("GET /orders/{id}", API.operation("getOrder"),
                get("/orders/" + placed.json().orElseThrow().path("id").asText()), 200));
        broken.addAll(check("GET /accounts/{id}/deposits/{depositId}", API.operation("getDeposit"),
                get(deposited.header("Location").orElse("/accounts/" + account + "/deposits/" + deposited.json().orElseThrow().path("depositId").asText())), 200));
        String correlationId = opened.header("X-Correlation-Id").orElseThrow();
        AtomicReference<HttpAnswer> trace = new AtomicReference<>();
        await("the trace of the account's opening").atMost(Workflow.CHAIN_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    trace.set(http.send(get("/traces/" + correlationId)));
                    return trace.get().status() == 200;
                });
        broken.addAll(checks.broken(get("/traces/" + correlationId), expectation(API.operation("getTrace"), 200), trace.get())
                .stream().map(b -> "GET /traces/{correlationId}: " + b).toList());
        assertThat(broken).as("documented reads").isEmpty();
    }

    @Test
    void aRouteTheApiDoesNotHaveIsAForbiddenProblemFromTheGateway() {
        HttpCall call = new HttpCall("DELETE", "/orders", List.of(), "");
        HttpAnswer answer = http.send(call);

        Expectation noRoute = new Expectation(Optional.empty(), Set.of(403), List.of("no such route"), Optional.empty(), Optional.empty());
        assertThat(checks.broken(call, noRoute, answer)).as("DELETE /orders: %s", answer).isEmpty();
    }

    @Test
    void aPostWithoutIdempotencyKeyIsABadRequestProblem() {
        HttpCall call = new HttpCall("POST", "/orders", List.of(Map.entry("Content-Type", "application/json")),
                "{\"accountId\":\"a\",\"amount\":\"1.00\",\"currency\":\"EUR\"}");
        HttpAnswer answer = http.send(call);

        assertThat(checks.broken(call, expectation(API.operation("placeOrder"), 400), answer)).as("%s", answer).isEmpty();
    }

    private List<String> check(String what, Operation operation, HttpCall call, int status) {
        HttpAnswer answer = http.send(call);
        List<Broken> broken = checks.broken(call, expectation(operation, status), answer);
        return broken.isEmpty() ? List.of() : List.of(what + ": " + call + "\n  " + answer + "\n  BROKEN " + broken);
    }

    private static Expectation expectation(Operation operation, int status) {
        return new Expectation(Optional.of(operation), Set.of(status), List.of("the description says so"), Optional.empty(), Optional.empty());
    }

    private String openUsdAccount() {
        HttpAnswer opened = http.send(post("/accounts", "{\"owner\":\"Grace Hopper\",\"email\":\"grace@example.com\",\"currency\":\"USD\"}"));
        assertThat(opened.status()).as("POST /accounts: %s", opened).isEqualTo(201);
        JsonNode account = opened.json().orElseThrow();
        return account.path("id").asText();
    }

    private static HttpCall post(String path, String body) {
        return new HttpCall("POST", path, List.of(Map.entry("Idempotency-Key", UUID.randomUUID().toString()),
                Map.entry("Content-Type", "application/json")), body);
    }

    private static HttpCall get(String path) {
        return new HttpCall("GET", path, List.of(), "");
    }
}
