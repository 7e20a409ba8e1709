package dev.ferry.e2e;

import com.fasterxml.jackson.databind.JsonNode;
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
 * was accepted. At the end it follows every accepted deposit to its outcome and checks the accounts' ledgers.
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
     * Only accepted deposits moved money, and each can be followed to its outcome. Every accepted deposit leaves
     * PENDING on its status resource within a minute, as APPLIED or as REJECTED with its reason (one that would
     * take the balance past the limit of {@code Money}, say); APPLIED exactly when the account's ledger has it.
     * At any moment, every deposit in the ledger is one the run saw accepted and the balance is the ledger's sum
     * (they are written in one transaction); checked again two seconds later, so that a late deposit would show.
     */
    List<String> checkDeposits() {
        DepositLedger ledger = new DepositLedger(ferry);
        List<String> broken = new ArrayList<>();
        for (String account : model.fixtures()) {
            Map<String, JsonNode> outcomes = new LinkedHashMap<>();
            broken.addAll(awaitOutcomes(account, outcomes));
            Map<String, BigDecimal> applied = ledger.applied(account);
            outcomes.forEach((id, outcome) -> {
                boolean inLedger = applied.containsKey(id);
                String status = outcome.path("status").asText();
                if (inLedger != status.equals("APPLIED") || (status.equals("REJECTED") && outcome.path("reason").asText().isBlank())) {
                    broken.add("account " + account + ": deposit " + id + " is " + outcome + (inLedger ? ", but the ledger has it"
                            : ", and the ledger does not have it: it must be REJECTED with its reason"));
                }
            });
            broken.addAll(ledgerInvariants(ledger, account));
        }
        if (broken.isEmpty()) {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            model.fixtures().forEach(account -> broken.addAll(ledgerInvariants(ledger, account)));
        }
        System.out.printf("fuzz: %d requests sent, %d accepted, %d deposits accepted%n", sent, model.acceptedCount(),
                model.fixtures().stream().mapToInt(a -> model.deposits(a).size()).sum());
        return broken;
    }

    /** Polls the status of the account's accepted deposits until none is PENDING (a minute at most). */
    private List<String> awaitOutcomes(String account, Map<String, JsonNode> outcomes) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<String, BigDecimal> accepted = model.deposits(account);
        while (true) {
            List<String> pending = new ArrayList<>();
            for (String id : accepted.keySet()) {
                Api.Response status = ferry.api().get("/accounts/" + account + "/deposits/" + id);
                if (status.status() != 200) {
                    return List.of("account " + account + ": the status resource of accepted deposit " + id + " answers HTTP "
                            + status.status() + " " + Shown.text(status.body(), 200));
                }
                outcomes.put(id, status.json());
                if (status.json().path("status").asText().equals("PENDING")) {
                    pending.add(id + " (" + accepted.get(id) + ")");
                }
            }
            if (pending.isEmpty()) {
                return List.of();
            }
            if (System.nanoTime() > deadline) {
                return List.of("account " + account + ": accepted deposits still PENDING after a minute: " + pending);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of("interrupted");
            }
        }
    }

    private List<String> ledgerInvariants(DepositLedger ledger, String account) {
        List<String> broken = new ArrayList<>();
        Map<String, BigDecimal> accepted = model.deposits(account);
        Map<String, BigDecimal> applied = ledger.applied(account);
        applied.keySet().stream().filter(id -> !accepted.containsKey(id)).forEach(id -> broken.add("account " + account
                + ": deposit " + id + " of " + applied.get(id) + " was applied, but no request for it was accepted"));
        BigDecimal sum = applied.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal balance = balance(account);
        if (balance.compareTo(sum) != 0) {
            broken.add("account " + account + ": balance " + balance + " is not the sum " + sum + " of its " + applied.size() + " applied deposits");
        }
        return broken;
    }

    private BigDecimal balance(String account) {
        Api.Response response = ferry.api().get("/accounts/" + account);
        if (response.status() != 200) {
            throw new AssertionError("GET /accounts/" + account + ": HTTP " + response.status() + " " + response.body());
        }
        return new BigDecimal(response.json().get("balance").asText());
    }
}
