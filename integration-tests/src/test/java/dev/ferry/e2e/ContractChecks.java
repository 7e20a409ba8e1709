package dev.ferry.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    List<String> broken(HttpCall call, Expectation expected, HttpAnswer answer) {
        List<String> broken = new ArrayList<>();
        int status = answer.status();
        if (status >= 500) {
            broken.add("a 5xx: the request must never make the API fail");
        }
        if (!expected.statuses().contains(status)) {
            broken.add("status " + status + ", but " + expected);
        }
        Optional<Operation.Response> documented = expected.operation().map(o -> o.responses().get(status));
        if (expected.operation().isPresent() && documented.isEmpty()) {
            broken.add("status " + status + " is not documented for " + expected.operation().get().route());
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
            broken.add("the key's first use was answered as a replay (Idempotent-Replayed)");
        }
        return broken;
    }

    private void problem(HttpAnswer answer, String schema, List<String> broken) {
        if (!answer.mediaType().equals(Optional.of("application/problem+json"))) {
            broken.add("an error must be application/problem+json, was " + answer.header("Content-Type").orElse("(no Content-Type)"));
        }
        Optional<JsonNode> json = answer.json();
        if (json.isEmpty() || !json.get().isObject()) {
            broken.add("an error's body must be a problem object, was: " + Shown.text(answer.body(), 200));
            return;
        }
        JsonNode problem = json.get();
        for (String member : List.of("type", "title")) {
            if (!problem.path(member).isTextual() || problem.path(member).asText().isBlank()) {
                broken.add("the problem has no '" + member + "'");
            }
        }
        if (!problem.path("status").isInt() || problem.path("status").asInt() != answer.status()) {
            broken.add("the problem's status must be " + answer.status() + ", was " + problem.path("status"));
        }
        api.violations(schema, problem).forEach(v -> broken.add("the problem does not fit " + schema + ": " + v));
    }

    private void success(HttpAnswer answer, Operation.Response documented, List<String> broken) {
        if (!answer.mediaType().equals(documented.mediaType())) {
            broken.add("the body must be " + documented.mediaType().orElse("absent") + ", was " + answer.header("Content-Type").orElse("(none)"));
        }
        Optional<JsonNode> json = answer.json();
        if (json.isEmpty()) {
            broken.add("the body is not JSON: " + Shown.text(answer.body(), 200));
            return;
        }
        documented.schema().ifPresent(schema -> api.violations(schema, json.get())
                .forEach(v -> broken.add("the body does not fit its schema: " + v)));
        answer.header("Location").ifPresent(location -> {
            List<String> segments = PathTemplate.segments(location);
            String named = segments.isEmpty() ? "" : segments.getLast();
            String id = json.get().has("depositId") ? json.get().path("depositId").asText() : json.get().path("id").asText();
            if (!named.equals(id)) {
                broken.add("Location " + location + " does not name the resource in the body (" + id + ")");
            }
        });
    }

    private void headers(HttpAnswer answer, Operation.Response documented, List<String> broken) {
        for (Map.Entry<String, Operation.Header> header : documented.headers().entrySet()) {
            Optional<String> value = answer.header(header.getKey());
            if (value.isEmpty()) {
                if (header.getValue().required()) {
                    broken.add("header " + header.getKey() + " is missing");
                }
                continue;
            }
            api.violations(header.getValue().schema(), JSON.textNode(value.get()))
                    .forEach(v -> broken.add("header " + header.getKey() + " does not fit its schema: " + v));
        }
    }

    /** A function's answer carries the correlation id the request named, or on a replay the first answer's. */
    private static void correlation(HttpCall call, Expectation expected, HttpAnswer answer, List<String> broken) {
        Optional<String> got = answer.header("X-Correlation-Id");
        if (expected.replayOf().isPresent()) {
            Optional<String> first = expected.replayOf().get().answer().header("X-Correlation-Id");
            if (!got.equals(first)) {
                broken.add("a replay must carry the first answer's X-Correlation-Id " + first.orElse("(none)") + ", had " + got.orElse("(none)"));
            }
            return;
        }
        Optional<String> asked = call.single("X-Correlation-Id").filter(c -> SAFE_CORRELATION_ID.matcher(c).matches());
        if (got.isPresent() && asked.isPresent() && !got.equals(asked)) {
            broken.add("the request named correlation id " + asked.get() + ", the answer carries " + got.get());
        }
    }

    private static void replay(FuzzModel.Accepted first, HttpAnswer answer, List<String> broken) {
        if (!answer.header("Idempotent-Replayed").equals(Optional.of("true"))) {
            broken.add("a repeated request must be answered as a replay (Idempotent-Replayed: true)");
        }
        if (!answer.json().equals(first.answer().json())) {
            broken.add("a replay must repeat the first answer's body: " + Shown.text(first.answer().body(), 300));
        }
    }
}
