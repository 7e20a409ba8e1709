package dev.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The fuzz test's requests without a system: each one can be put on the wire by the HTTP client and judged by
 * the oracle, and together they reach every documented operation and both sides of the contract (requests the
 * description accepts and requests it refuses).
 */
class FuzzRequestsTest {

    private static final ApiDescription API = ApiDescription.load();
    private static final URI STAGE = URI.create("http://127.0.0.1:1/test");

    private final FuzzModel model = new FuzzModel(fixtures());
    private final ContractOracle oracle = new ContractOracle(API, model);

    @Property(tries = 2000, seed = "42", edgeCases = EdgeCasesMode.NONE)
    void everyGeneratedRequestCanBeSentAndJudged(@ForAll("requests") FuzzRequest request) {
        HttpCall call = model.resolve(request);

        assertThatCode(() -> RawHttp.request(STAGE, call)).as("the HTTP client sends %s", call).doesNotThrowAnyException();
        Expectation expected = oracle.expect(call);
        assertThat(expected.statuses()).as("statuses for %s", call).isNotEmpty();
        Statistics.label("judged").collect(expected.refused() ? "refused" : "accepted or looked up");
        Statistics.label("operation").collect(expected.operation().map(Operation::route).orElse("no route"));
        Statistics.label("judged").coverage(coverage -> {
            coverage.check("refused").percentage(p -> p > 20);
            coverage.check("accepted or looked up").percentage(p -> p > 20);
        });
        Statistics.label("operation").coverage(coverage -> API.operations()
                .forEach(operation -> coverage.check(operation.route()).count(n -> n > 20)));
    }

    @Provide
    Arbitrary<FuzzRequest> requests() {
        return new FuzzRequests(API).any();
    }

    private static Map<String, String> fixtures() {
        Map<String, String> accounts = new LinkedHashMap<>();
        FuzzModel.FIXTURE_CURRENCIES.forEach(currency -> accounts.put("fixture-" + currency.toLowerCase(), currency));
        return accounts;
    }
}
