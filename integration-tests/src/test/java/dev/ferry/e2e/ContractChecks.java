package dev.ferry.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Holds an answer against the API description and the oracle's expectation: no 5xx; a status the request
 * may get and the document lists; every error an RFC 9457 problem whose {@code status} is the HTTP status;
 * every success the documented body and headers; a replay the first answer again; the correlation id the
 * request asked for. Returns what is wrong, in words, so that one report lists every broken rule.
 */
final class ContractChecks {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** The schema of API Gateway's 403 for a route it does not have. */
    private static final String NO_ROUTE_PROBLEM = "/components/schemas/ForbiddenProblem";
    private static final Pattern SAFE_CORRELATION_ID = Pattern.compile("^[A-Za-z0-9._:@/+=-]{1,128}$");

    private final ApiDescription api;

    ContractChecks(ApiDescription api) {
        this.api = api;
    }

    List<Broken> broken(HttpCall call, Expectation expected, HttpAnswer answer) {
        List<Broken> broken = new ArrayList<>();
        int status = answer.status();
        if (status >= 500) {
            broken.add(new Broken("no 5xx", "HTTP " + status));
        }
        if (!expected.statuses().contains(status)) {
            broken.add(new Broken("status " + status + " where the description says " + new TreeSet<>(expected.statuses()), expected.toString()));
        }
        Optional<Operation.Response> documented = expected.operation().map(o -> o.responses().get(status));
        if (expected.operation().isPresent() && documented.isEmpty()) {
            broken.add(new Broken("only documented statuses", status + " is not documented for " + expected.operation().get().route()));
        }
        if (status >= 400) {
            problem(answer, documented.flatMap(Operation.Response::schema).orElse(NO_ROUTE_PROBLEM), broken);
        } else if (status >= 200 && status < 300 && documented.isPresent()) {
            success(answer, documented.get(), broken);
        }
        documented.ifPresent(d -> headers(answer, d, broken));
        correlation(call, expected, answer, broken);
        expected.replayOf().ifPresent(first -> replay(first, answer, broken));
        if (expected.freshKey().isPresent() && answer.header("Idempotent-Replayed").isPresent()) {
            broken.add(new Broken("a first use is no replay", "the key's first use was answered with Idempotent-Replayed"));
        }
        return broken;
    }

    private void problem(HttpAnswer answer, String schema, List<Broken> broken) {
        if (!answer.mediaType().equals(Optional.of("application/problem+json"))) {
            broken.add(new Broken("errors are application/problem+json", "was " + answer.header("Content-Type").orElse("(no Content-Type)")));
        }
        Optional<JsonNode> json = answer.json();
        if (json.isEmpty() || !json.get().isObject()) {
            broken.add(new Broken("an error's body is a problem object", Shown.text(answer.body(), 200)));
            return;
        }
        JsonNode problem = json.get();
        for (String member : List.of("type", "title")) {
            if (!problem.path(member).isTextual() || problem.path(member).asText().isBlank()) {
                broken.add(new Broken("a problem has type, title and status", "no '" + member + "'"));
            }
        }
        if (!problem.path("status").isInt() || problem.path("status").asInt() != answer.status()) {
            broken.add(new Broken("a problem's status is the HTTP status", "must be " + answer.status() + ", was " + problem.path("status")));
        }
        api.violations(schema, problem).forEach(v -> broken.add(new Broken("a problem fits its documented schema", schema + ": " + v)));
    }

    private void success(HttpAnswer answer, Operation.Response documented, List<Broken> broken) {
        if (!answer.mediaType().equals(documented.mediaType())) {
            broken.add(new Broken("a success has its documented media type", "must be " + documented.mediaType().orElse("absent") + ", was " + answer.header("Content-Type").orElse("(none)")));
        }
        Optional<JsonNode> json = answer.json();
        if (json.isEmpty()) {
            broken.add(new Broken("a success has a JSON body", Shown.text(answer.body(), 200)));
            return;
        }
        documented.schema().ifPresent(schema -> api.violations(schema, json.get())
                .forEach(v -> broken.add(new Broken("a success fits its documented schema", v))));
        answer.header("Location").ifPresent(location -> {
            List<String> segments = PathTemplate.segments(location);
            String named = segments.isEmpty() ? "" : segments.getLast();
            String id = json.get().has("depositId") ? json.get().path("depositId").asText() : json.get().path("id").asText();
            if (!named.equals(id)) {
                broken.add(new Broken("Location names the resource in the body", location + " does not name " + id));
            }
        });
    }

    private void headers(HttpAnswer answer, Operation.Response documented, List<Broken> broken) {
        for (Map.Entry<String, Operation.Header> header : documented.headers().entrySet()) {
            Optional<String> value = answer.header(header.getKey());
            if (value.isEmpty()) {
                if (header.getValue().required()) {
                    broken.add(new Broken("documented headers are there", header.getKey() + " is missing"));
                }
                continue;
            }
            api.violations(header.getValue().schema(), JSON.textNode(value.get()))
                    .forEach(v -> broken.add(new Broken("headers fit their documented schemas", header.getKey() + ": " + v)));
        }
    }

    /** A function's answer carries the correlation id the request named, or on a replay the first answer's. */
    private static void correlation(HttpCall call, Expectation expected, HttpAnswer answer, List<Broken> broken) {
        Optional<String> got = answer.header("X-Correlation-Id");
        if (expected.replayOf().isPresent()) {
            Optional<String> first = expected.replayOf().get().answer().header("X-Correlation-Id");
            if (!got.equals(first)) {
                broken.add(new Broken("a replay carries the first answer's X-Correlation-Id", "must be " + first.orElse("(none)") + ", was " + got.orElse("(none)")));
            }
            return;
        }
        Optional<String> asked = call.single("X-Correlation-Id").filter(c -> SAFE_CORRELATION_ID.matcher(c).matches());
        if (got.isPresent() && asked.isPresent() && !got.equals(asked)) {
            broken.add(new Broken("an answer carries the correlation id the request named", "asked " + asked.get() + ", got " + got.get()));
        }
    }

    private static void replay(FuzzModel.Accepted first, HttpAnswer answer, List<Broken> broken) {
        if (!answer.header("Idempotent-Replayed").equals(Optional.of("true"))) {
            broken.add(new Broken("a repeat is answered as a replay", "no Idempotent-Replayed: true"));
        }
        if (!answer.json().equals(first.answer().json())) {
            broken.add(new Broken("a replay repeats the first answer's body", Shown.text(first.answer().body(), 300)));
        }
    }
}
