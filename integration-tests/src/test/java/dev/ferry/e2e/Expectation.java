package dev.ferry.e2e;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the API description says a request must get.
 *
 * @param operation the documented operation it names; empty when it names none (API Gateway's 403)
 * @param statuses  the statuses it may get: more than one when it breaks several rules and the document does not
 *                  say which is checked first, or when the outcome depends on timing the run cannot see
 * @param reasons   why, in the document's words, for the failure report
 * @param replayOf  the accepted request whose answer it must get again (same key, same request)
 * @param freshKey  the {@code scope} and key it claims when it is accepted: its first use
 */
record Expectation(Optional<Operation> operation, Set<Integer> statuses, List<String> reasons,
                   Optional<FuzzModel.Accepted> replayOf, Optional<ScopedKey> freshKey) {

    record ScopedKey(String scope, String key) {
    }

    Expectation {
        statuses = Set.copyOf(statuses);
        reasons = List.copyOf(reasons);
    }

    boolean refused() {
        return statuses.stream().allMatch(s -> s >= 400);
    }

    @Override
    public String toString() {
        return "expected " + new TreeSet<>(statuses) + (reasons.isEmpty() ? "" : " because " + String.join("; ", reasons))
                + replayOf.map(r -> " (a replay of the answer to: " + r.call().method() + " " + r.call().rawPath() + ")").orElse("");
    }
}
