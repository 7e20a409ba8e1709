package dev.ferry.e2e;

import dev.ferry.e2e.FuzzRequest.RequestPath;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Every request the fuzz test sends, drawn from the API description: valid requests for each documented
 * operation (POSTs three times as often as GETs: they are where writes can go wrong), the same mutated once
 * or twice, and exact repeats of requests the run saw accepted (which must be replayed).
 */
final class FuzzRequests {

    private final ApiDescription api;
    private final ValidRequests valid;
    private final SchemaValues values;

    FuzzRequests(ApiDescription api) {
        this.api = api;
        this.valid = new ValidRequests(api);
        this.values = new SchemaValues(api);
    }

    Arbitrary<FuzzRequest> any() {
        List<Tuple.Tuple2<Integer, Arbitrary<FuzzRequest>>> perOperation = api.operations().stream()
                .map(op -> Tuple.of(op.method().equals("POST") ? 3 : 1, forOperation(op))).toList();
        Arbitrary<FuzzRequest> fresh = Arbitraries.frequencyOf(perOperation);
        Arbitrary<FuzzRequest> repeats = Combinators.combine(Arbitraries.integers().between(0, 200), fresh)
                .as((index, fallback) -> new FuzzRequest(List.of("repeat of an accepted request"), fallback.method(), fallback.path(),
                        fallback.headers(), fallback.body(), OptionalInt.of(index)));
        return Arbitraries.frequencyOf(Tuple.of(9, fresh), Tuple.of(1, repeats));
    }

    private Arbitrary<FuzzRequest> forOperation(Operation operation) {
        Arbitrary<FuzzRequest> requests = valid.of(operation);
        Map<String, Integer> limits = operation.body().map(b -> values.maxLengths(b.schema())).orElse(Map.of());
        Arbitrary<FuzzRequest> once = requests.flatMap(r -> Mutations.of(operation, r, limits));
        Arbitrary<FuzzRequest> twice = once.flatMap(r -> r.path() instanceof RequestPath.Templated ? Mutations.of(operation, r, limits) : Arbitraries.just(r));
        return Arbitraries.frequencyOf(Tuple.of(4, requests), Tuple.of(5, once), Tuple.of(1, twice));
    }
}
