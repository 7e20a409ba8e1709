package dev.ferry.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.e2e.FuzzRequest.HeaderLine;
import dev.ferry.e2e.FuzzRequest.HeaderValue;
import dev.ferry.e2e.FuzzRequest.PathValue;
import dev.ferry.e2e.FuzzRequest.Reference;
import dev.ferry.e2e.FuzzRequest.RequestPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Requests for the operations of the API description as a careful client would send them: path parameters
 * naming things the run created (or values of the parameter's schema), every required header, the optional
 * ones now and then, and a body built from the body's schema. Most of them are valid; the schema check, not
 * this class, says which (an amount generated for its pattern may still have too many decimals for its currency).
 */
final class ValidRequests {

    private final ApiDescription api;
    private final SchemaValues values;
    private final CurrencyDecimals decimals;

    ValidRequests(ApiDescription api) {
        this.api = api;
        this.values = new SchemaValues(api);
        this.decimals = new CurrencyDecimals(api);
    }

    Arbitrary<FuzzRequest> of(Operation operation) {
        Arbitrary<Map<String, PathValue>> path = pathValues(operation);
        Arbitrary<List<HeaderLine>> headers = headers(operation);
        Arbitrary<String> body = operation.body().isPresent() ? body(operation) : Arbitraries.just("");
        return Combinators.combine(path, headers, body).as((p, h, b) -> new FuzzRequest(
                List.of(operation.route()), operation.method(), new RequestPath.Templated(operation.template(), p), h, b,
                OptionalInt.empty()))
                .flatMap(request -> fitDepositToItsAccount(operation, request));
    }

    private Arbitrary<Map<String, PathValue>> pathValues(Operation operation) {
        List<Arbitrary<Map.Entry<String, PathValue>>> entries = new ArrayList<>();
        for (Operation.Parameter parameter : operation.parameters("path")) {
            Reference reference = Reference.of(operation, parameter);
            Arbitrary<String> fromSchema = values.of(parameter.schema()).map(v -> PathEncoding.segment(v.asText()));
            Arbitrary<PathValue> known = Combinators.combine(Arbitraries.integers().between(0, 40), fromSchema)
                    .as((index, fallback) -> new PathValue.Known(reference, index, fallback));
            Arbitrary<PathValue> value = Arbitraries.frequencyOf(
                    Tuple.of(8, known),
                    Tuple.of(2, fromSchema.map(PathValue.Encoded::new)));
            if (!parameter.examples().isEmpty()) {
                List<PathValue> examples = parameter.examples().values().stream()
                        .map(e -> (PathValue) new PathValue.Encoded(PathEncoding.segment(e.value().asText()))).toList();
                value = Arbitraries.frequencyOf(Tuple.of(9, value), Tuple.of(1, Arbitraries.of(examples)));
            }
            entries.add(value.map(v -> Map.entry(parameter.name(), v)));
        }
        if (entries.isEmpty()) {
            return Arbitraries.just(Map.of());
        }
        return Combinators.combine(entries).as(list -> {
            Map<String, PathValue> map = new LinkedHashMap<>();
            list.forEach(e -> map.put(e.getKey(), e.getValue()));
            return map;
        });
    }

    private Arbitrary<List<HeaderLine>> headers(Operation operation) {
        List<Arbitrary<List<HeaderLine>>> lines = new ArrayList<>();
        for (Operation.Parameter parameter : operation.parameters("header")) {
            Arbitrary<String> fromSchema = values.of(parameter.schema()).map(JsonNode::asText);
            Arbitrary<List<HeaderLine>> line;
            if (parameter.name().equals("Idempotency-Key")) {
                Arbitrary<HeaderValue> fresh = fromSchema.map(HeaderValue.Text::new);
                String scope = operation.idempotencyScope().orElse(operation.operationId());
                Arbitrary<HeaderValue> reused = Combinators.combine(Arbitraries.integers().between(0, 40), fromSchema)
                        .as((index, fallback) -> new HeaderValue.ReusedKey(scope, index, fallback));
                line = Arbitraries.frequencyOf(Tuple.of(17, fresh), Tuple.of(3, reused))
                        .map(v -> List.of(new HeaderLine(parameter.name(), v)));
            } else {
                Arbitrary<List<HeaderLine>> present = fromSchema.map(v -> List.of(HeaderLine.text(parameter.name(), v)));
                line = parameter.required() ? present
                        : Arbitraries.frequencyOf(Tuple.of(1, present), Tuple.of(4, Arbitraries.just(List.of())));
            }
            lines.add(line);
        }
        if (operation.body().isPresent()) {
            lines.add(Arbitraries.frequencyOf(
                    Tuple.of(18, Arbitraries.just(List.of(HeaderLine.text("Content-Type", operation.body().get().mediaType())))),
                    Tuple.of(2, Arbitraries.just(List.of()))));
        }
        return Combinators.combine(lines).as(all -> all.stream().flatMap(List::stream).toList());
    }

    private Arbitrary<String> body(Operation operation) {
        Arbitrary<JsonNode> json = values.exploringOneProperty(operation.body().orElseThrow().schema());
        return Combinators.combine(json, Arbitraries.integers().between(0, 9))
                .as((node, dice) -> dice < 6 ? decimals.fitted(node) : node)
                .map(JsonNode::toString);
    }

    /** A deposit to one of the run's accounts is in that account's currency, most of the time. */
    private Arbitrary<FuzzRequest> fitDepositToItsAccount(Operation operation, FuzzRequest request) {
        if (!(request.path() instanceof RequestPath.Templated templated) || request.body().isEmpty()
                || !(templated.values().get("id") instanceof PathValue.Known known) || known.reference() != Reference.FIXTURE_ACCOUNT) {
            return Arbitraries.just(request);
        }
        String currency = FuzzModel.FIXTURE_CURRENCIES.get(known.index() % FuzzModel.FIXTURE_CURRENCIES.size());
        JsonNode body = Json.parse(request.body());
        if (!(body instanceof ObjectNode object)) {
            return Arbitraries.just(request);
        }
        ObjectNode inItsCurrency = object.deepCopy().put("currency", currency);
        FuzzRequest matched = request.withBody(operation.operationId() + " in the account's currency", decimals.fitted(inItsCurrency).toString());
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(matched)), Tuple.of(1, Arbitraries.just(request)));
    }
}
