package dev.ferry.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ferry.e2e.FuzzRequest.Reference;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides, from the API description and what the run knows, which statuses a request must get. Every rule
 * it applies is one the document states: the route (else 403), the required {@code Idempotency-Key} (one
 * line, its pattern; else 400), path parameters (their schema; else 404), the body (JSON media type, else
 * 415; its size limit, else 413; a JSON object fitting its schema and a known currency, else 400), then what
 * the operation says about existence (404), the account's currency (422) and key reuse (replay or 422).
 */
final class ContractOracle {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ApiDescription api;
    private final FuzzModel model;

    ContractOracle(ApiDescription api, FuzzModel model) {
        this.api = api;
        this.model = model;
    }

    Expectation expect(HttpCall call) {
        Expectation expected = routed(call);
        if (!call.rawPath().toUpperCase(Locale.ROOT).contains("%2F")) {
            return expected;
        }
        // Whether a gateway splits a path at an encoded slash before routing is its own business: either reading
        // of the path is fine, and so is its 403 for a path it will not route.
        Expectation split = routed(new HttpCall(call.method(), call.rawPath().replace("%2F", "/").replace("%2f", "/"), call.headers(), call.body()));
        Set<Integer> statuses = new TreeSet<>(expected.statuses());
        statuses.addAll(split.statuses());
        statuses.add(403);
        List<String> reasons = new ArrayList<>(expected.reasons());
        reasons.add("or, with the encoded slash read as a slash: " + String.join("; ", split.reasons()));
        return new Expectation(expected.operation().or(split::operation), statuses, reasons, expected.replayOf(), expected.freshKey());
    }

    private Expectation routed(HttpCall call) {
        Optional<List<String>> segments = PathEncoding.decodedSegments(call.rawPath());
        Optional<Operation.Match> match = segments.flatMap(s -> api.match(call.method(), s));
        if (match.isEmpty()) {
            return new Expectation(Optional.empty(), Set.of(403), List.of("no documented route is " + call.method() + " " + call.rawPath()),
                    Optional.empty(), Optional.empty());
        }
        return documented(match.get(), call);
    }

    private Expectation documented(Operation.Match match, HttpCall call) {
        Operation operation = match.operation();
        Set<Integer> refusals = new TreeSet<>();
        List<String> reasons = new ArrayList<>();
        checkHeaders(operation, call, refusals, reasons);
        checkPath(operation, match, refusals, reasons);
        Optional<JsonNode> body = operation.body().isPresent() ? checkBody(operation, call, refusals, reasons) : Optional.empty();
        // The document does not say which of several broken rules is reported: the account's, too, when there are others.
        checkAccount(operation, match, body, refusals, reasons);
        if (!reasons.isEmpty()) {
            return new Expectation(Optional.of(operation), refusals, reasons, Optional.empty(), Optional.empty());
        }
        if (!operation.method().equals("POST")) {
            return lookup(operation, match);
        }
        Expectation post = keyedPost(operation, call);
        if (post.freshKey().isPresent() && mayExceedTheLargestBalance(operation, match, body)) {
            Set<Integer> statuses = new TreeSet<>(post.statuses());
            statuses.add(422);
            return new Expectation(post.operation(), statuses,
                    List.of("the deposits accepted for this account so far, plus this one, may exceed the largest balance"),
                    post.replayOf(), post.freshKey());
        }
        return post;
    }

    /** The largest balance an account holds: 12 integer digits (docs/openapi.yaml, `Amount`). */
    private static final BigDecimal LARGEST_BALANCE = new BigDecimal("999999999999.9999");

    /**
     * A deposit is checked against the account's balance when it arrives: once the deposits the run had
     * accepted (applied or not yet) and this one could pass the largest balance, a 422 is a right answer too.
     */
    private boolean mayExceedTheLargestBalance(Operation operation, Operation.Match match, Optional<JsonNode> body) {
        if (!operation.operationId().equals("depositToAccount") || body.isEmpty() || !body.get().path("amount").isTextual()) {
            return false;
        }
        BigDecimal accepted = model.deposits(match.pathParameters().get("id")).values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        return accepted.add(new BigDecimal(body.get().path("amount").asText())).compareTo(LARGEST_BALANCE) > 0;
    }

    private void checkHeaders(Operation operation, HttpCall call, Set<Integer> refusals, List<String> reasons) {
        for (Operation.Parameter header : operation.parameters("header")) {
            if (!header.required()) {
                continue; // the document: optional headers with other values are ignored, never refused
            }
            List<String> lines = call.header(header.name());
            if (lines.size() != 1) {
                refuse(refusals, reasons, 400, header.name() + " must be sent once, was sent " + lines.size() + " times");
            } else if (!api.violations(header.schema(), JSON.textNode(lines.getFirst())).isEmpty()) {
                refuse(refusals, reasons, 400, header.name() + " does not fit its schema");
            }
        }
    }

    private void checkPath(Operation operation, Operation.Match match, Set<Integer> refusals, List<String> reasons) {
        for (Operation.Parameter parameter : operation.parameters("path")) {
            String value = match.pathParameters().get(parameter.name());
            if (!api.violations(parameter.schema(), JSON.textNode(value)).isEmpty()) {
                refuse(refusals, reasons, 404, "{" + parameter.name() + "} '" + Shown.text(value, 40) + "' does not fit its schema");
            }
        }
    }

    private Optional<JsonNode> checkBody(Operation operation, HttpCall call, Set<Integer> refusals, List<String> reasons) {
        Operation.Body body = operation.body().orElseThrow();
        List<String> types = call.header("Content-Type");
        if (!types.isEmpty()) {
            String media = types.getFirst().split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (!media.equals("application/json") && !media.endsWith("+json")) {
                refuse(refusals, reasons, 415, "Content-Type " + types.getFirst() + " is not JSON");
            }
        }
        if (call.body().getBytes(StandardCharsets.UTF_8).length > body.maxBytes()) {
            refuse(refusals, reasons, 413, "the body is larger than " + body.maxBytes() + " bytes");
            return Optional.empty();
        }
        Optional<JsonNode> json = Json.strict(call.body());
        if (json.isEmpty()) {
            refuse(refusals, reasons, 400, "the body is not one JSON value");
            return Optional.empty();
        }
        List<String> violations = api.violations(body.schema(), json.get());
        if (!violations.isEmpty()) {
            refuse(refusals, reasons, 400, "the body does not fit its schema: " + String.join(", ", violations));
        } else if (json.get().has("currency") && !knownCurrency(json.get().get("currency").asText())) {
            refuse(refusals, reasons, 400, "currency " + json.get().get("currency").asText() + " is not one the runtime knows");
        }
        return json;
    }

    /** The document: an ISO 4217 code the Java runtime knows, with a minor unit. */
    private static boolean knownCurrency(String code) {
        try {
            return Currency.getInstance(code).getDefaultFractionDigits() >= 0;
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }

    /** A deposit names an account that exists (else 404) and is in its currency (else 422). */
    private void checkAccount(Operation operation, Operation.Match match, Optional<JsonNode> body, Set<Integer> refusals, List<String> reasons) {
        if (!operation.operationId().equals("depositToAccount")) {
            return;
        }
        String account = match.pathParameters().get("id");
        Optional<String> currency = model.currencyOf(account);
        if (currency.isEmpty()) {
            refuse(refusals, reasons, 404, "there is no account " + Shown.text(account, 40));
            return;
        }
        Optional<String> asked = body.map(b -> b.path("currency")).filter(JsonNode::isTextual).map(JsonNode::asText);
        if (asked.isPresent() && !asked.get().equals(currency.get())) {
            refuse(refusals, reasons, 422, "account " + account + " holds " + currency.get() + ", not " + Shown.text(asked.get(), 10));
        }
    }

    private Expectation keyedPost(Operation operation, HttpCall call) {
        String scope = operation.idempotencyScope().orElse(operation.operationId());
        String key = IdempotencyKeys.normalized(call.single("Idempotency-Key").orElseThrow());
        Optional<FuzzModel.Accepted> owner = model.owner(scope, key);
        if (owner.isPresent()) {
            if (owner.get().fingerprint().equals(fingerprint(call))) {
                return new Expectation(Optional.of(operation), Set.of(owner.get().answer().status()),
                        List.of("the same request was accepted before with this key"), owner, Optional.empty());
            }
            return refusal(operation, 422, "key '" + Shown.text(key, 40) + "' was used for another request in scope " + scope);
        }
        return new Expectation(Optional.of(operation), Set.of(operation.success().status()), List.of(),
                Optional.empty(), Optional.of(new Expectation.ScopedKey(scope, key)));
    }

    private Expectation lookup(Operation operation, Operation.Match match) {
        Set<Integer> statuses = new TreeSet<>(Set.of(200));
        List<String> reasons = new ArrayList<>();
        for (Operation.Parameter parameter : operation.parameters("path")) {
            String value = match.pathParameters().get(parameter.name());
            Optional<Boolean> exists = model.exists(Reference.of(operation, parameter), value, match.pathParameters());
            if (exists.isEmpty()) {
                statuses.add(404);
                reasons.add("{" + parameter.name() + "} may not be there yet");
            } else if (!exists.get()) {
                statuses = new TreeSet<>(Set.of(404));
                reasons.add("{" + parameter.name() + "} '" + Shown.text(value, 40) + "' names nothing the run created");
                break;
            }
        }
        return new Expectation(Optional.of(operation), statuses, reasons, Optional.empty(), Optional.empty());
    }

    /** What the idempotency store compares: method, path (as the function sees it, decoded) and body. */
    static String fingerprint(HttpCall call) {
        return call.method() + "\n" + PathEncoding.decodedSegments(call.rawPath()).map(s -> String.join("/", s)).orElse(call.rawPath())
                + "\n" + call.body();
    }

    private static Expectation refusal(Operation operation, int status, String reason) {
        return new Expectation(Optional.of(operation), Set.of(status), List.of(reason), Optional.empty(), Optional.empty());
    }

    private static void refuse(Set<Integer> refusals, List<String> reasons, int status, String reason) {
        refusals.add(status);
        reasons.add(reason);
    }
}
