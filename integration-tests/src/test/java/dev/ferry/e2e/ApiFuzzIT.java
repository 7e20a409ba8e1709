package dev.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * The REST API against its description (docs/openapi.yaml), with requests generated from the description
 * itself: valid ones, and the same spoiled in their bodies, headers, paths and routes. Whatever comes in, the
 * API never answers 5xx, answers each request with a status the description gives it, every error as an RFC
 * 9457 problem, every success in the documented shape, repeats as replays; a refused request writes nothing,
 * and only accepted deposits move money.
 *
 * <p>Deterministic for a seed: the requests depend only on it. A failure report prints the seed; rerun it
 * with {@code -Dferry.fuzz.seed=<seed>} (and {@code -Dferry.fuzz.tries=<n>} for a longer or shorter run).
 * {@code -Dferry.fuzz.survey=true} goes on after a broken rule and lists every rule broken, once each, at the end.
 */
@AddLifecycleHook(FerrySystemHook.class)
@AddLifecycleHook(FuzzSettings.class)
class ApiFuzzIT {

    private static final ApiDescription API = ApiDescription.load();

    private FuzzRun run;

    @BeforeProperty
    void openTheRunsAccounts(FerrySystem ferry) {
        run = FuzzRun.start(ferry, API);
    }

    @Property(tries = 400, seed = "20261206", edgeCases = EdgeCasesMode.NONE, afterFailure = AfterFailureMode.PREVIOUS_SEED)
    void everyRequestGetsAnAnswerTheDescriptionAllowsAndRefusedOnesWriteNothing(@ForAll("requests") FuzzRequest request) {
        List<String> broken = run.check(request);
        Statistics.label("request").collect(request.story().size() == 1 ? request.story().getFirst() + " (as generated)" : request.story().getLast());
        if (!FuzzSettings.survey()) {
            assertThat(broken).as("the API broke its description for: %s", request).isEmpty();
        }
    }

    @AfterProperty
    void onlyAcceptedDepositsMovedMoney() {
        List<String> surveyed = run.surveyed();
        surveyed.forEach(rule -> System.out.println("fuzz: broken: " + rule));
        assertThat(run.checkDeposits()).as("deposits in the run's accounts").isEmpty();
        if (FuzzSettings.survey()) {
            assertThat(surveyed).as("rules broken during the survey (each once, with its first request)").isEmpty();
        }
    }

    @Provide
    Arbitrary<FuzzRequest> requests() {
        return new FuzzRequests(API).any();
    }
}
