package dev.ferry.e2e;

import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One fuzz run against a running system: opens the accounts deposits go to, then sends each generated
 * request, holds the answer against the contract, looks for writes of refused requests, and remembers what
 * was accepted. At the end it checks that the deposits moved exactly the accepted money.
 */
final class FuzzRun {

    private final FerrySystem ferry;
    private final FuzzModel model;
    private final ContractOracle oracle;
    private final ContractChecks checks;
    private final WriteProbe probe;
    private final RawHttp http;
    private int sent;
    /** Each broken rule, by operation, with the report of the first request that broke it. */
    private final Map<String, String> surveyed = new LinkedHashMap<>();

    private FuzzRun(FerrySystem ferry, ApiDescription api, FuzzModel model) {
        this.ferry = ferry;
        this.model = model;
        this.oracle = new ContractOracle(api, model);
        this.checks = new ContractChecks(api);
        this.probe = new WriteProbe(ferry, model);
        this.http = new RawHttp(ferry.api().base());
    }

    /** Opens one account per {@link FuzzModel#FIXTURE_CURRENCIES} and starts a run with them. */
    static FuzzRun start(FerrySystem ferry, ApiDescription api) {
        Map<String, String> fixtures = new LinkedHashMap<>();
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (String currency : FuzzModel.FIXTURE_CURRENCIES) {
            Api.Response opened = ferry.api().post("/accounts", "fuzz-fixture-" + currency + "-" + run,
                    "{\"owner\":\"Fuzz " + currency + "\",\"email\":\"fuzz-" + currency.toLowerCase() + "@example.com\",\"currency\":\"" + currency + "\"}");
            if (opened.status() != 201) {
                throw new IllegalStateException("could not open the fuzz run's " + currency + " account: HTTP " + opened.status() + " " + opened.body());
            }
            fixtures.put(opened.json().get("id").asText(), currency);
        }
        return new FuzzRun(ferry, api, new FuzzModel(fixtures));
    }

    /** Sends {@code request} and returns every rule its answer (or what it wrote) breaks. */
    List<String> check(FuzzRequest request) {
        HttpCall call = model.resolve(request);
        Expectation expected = oracle.expect(call);
        HttpAnswer answer = http.send(call);
        sent++;
        List<Broken> broken = new ArrayList<>(checks.broken(call, expected, answer));
        if (answer.status() >= 400 && expected.operation().isPresent()) {
            probe.writesOf(expected.operation().get(), call).forEach(w -> broken.add(new Broken("a refused request writes nothing", w)));
        }
        if (answer.status() / 100 == 2 && expected.operation().isPresent() && expected.replayOf().isEmpty()) {
            acceptedFirst(expected.operation().get(), call, answer).ifPresent(first -> {
                broken.addAll(DerivedIdCheck.of(first));
                model.accepted(first);
            });
        }
        if (broken.isEmpty()) {
            return List.of();
        }
        String route = expected.operation().map(Operation::route).orElse("no route");
        broken.forEach(b -> surveyed.putIfAbsent(b.rule() + " (" + route + ")", report(request, call, expected, answer, broken)));
        return List.of(report(request, call, expected, answer, broken));
    }

    private String report(FuzzRequest request, HttpCall call, Expectation expected, HttpAnswer answer, List<Broken> broken) {
        StringBuilder report = new StringBuilder("request #").append(sent).append(" (").append(String.join(" + ", request.story())).append(")\n")
                .append(call).append("\n").append(expected).append("\n").append(answer);
        broken.forEach(b -> report.append("\nBROKEN ").append(b));
        return report.toString();
    }

    /**
     * A POST the API accepted, whatever the oracle expected, so that the model follows what the system did: the
     * key as the function read it (repeated lines joined with commas), unless it only replayed an answer.
     */
    private static Optional<FuzzModel.Accepted> acceptedFirst(Operation operation, HttpCall call, HttpAnswer answer) {
        Optional<String> scope = operation.idempotencyScope();
        List<String> lines = call.header("Idempotency-Key");
        if (scope.isEmpty() || lines.isEmpty() || answer.header("Idempotent-Replayed").isPresent() || answer.json().isEmpty()) {
            return Optional.empty();
        }
        String key = IdempotencyKeys.normalized(String.join(",", lines));
        return Optional.of(new FuzzModel.Accepted(operation, scope.get(), key, ContractOracle.fingerprint(call), call, answer));
    }

    /** Every rule broken so far, by operation, with the first request that broke it. */
    List<String> surveyed() {
        List<String> out = new ArrayList<>();
        surveyed.forEach((rule, report) -> out.add(rule + "\n    first broken by " + report.replace("\n", "\n    ")));
        return out;
    }

    /**
     * The deposits moved exactly the money of the deposits accepted (each once, however often it was
     * repeated) and nothing of any refused one: checked once the worker has applied them, and held for two
     * seconds so that a late extra deposit would show.
     */
    void checkBalances() {
        for (String account : model.fixtures()) {
            BigDecimal expected = model.deposits(account).values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            await("balance of fuzz account " + account + " = " + expected + " (" + model.deposits(account).size() + " accepted deposits)")
                    .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> balance(account).compareTo(expected) == 0);
            await("balance of fuzz account " + account + " stays " + expected).during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .until(() -> balance(account).compareTo(expected) == 0);
        }
        System.out.printf("fuzz: %d requests sent, %d accepted; deposits applied exactly once to %d accounts%n",
                sent, model.acceptedCount(), model.fixtures().size());
    }

    private BigDecimal balance(String account) {
        Api.Response response = ferry.api().get("/accounts/" + account);
        if (response.status() != 200) {
            throw new AssertionError("GET /accounts/" + account + ": HTTP " + response.status() + " " + response.body());
        }
        return new BigDecimal(response.json().get("balance").asText());
    }
}
