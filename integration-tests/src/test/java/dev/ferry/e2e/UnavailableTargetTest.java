package dev.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * When the chosen target cannot run here, the scenarios are skipped (aborted, not failed) with the reason,
 * and no system is started. Shown with a target that needs nothing to be unavailable, so that this test
 * never probes Docker; {@link TargetSelectionTest} shows that {@code localstack} without Docker is such a target.
 */
class UnavailableTargetTest {

    /** A scenario as the suite writes them; run only through the test kit below (nested: surefire skips it). */
    @ExtendWith(FerryExtension.class)
    static class SampleScenario {
        @Test
        void startsTheSystem(FerrySystem ferry) {
            throw new AssertionError("must not run: the target is unavailable, yet " + ferry.stage() + " started");
        }
    }

    @Test
    void scenariosAreSkippedWithTheReasonWhenTheTargetIsUnavailable() {
        String previous = System.getProperty(Target.PROPERTY);
        System.setProperty(Target.PROPERTY, "no-such-target");
        EngineExecutionResults results;
        try {
            results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(SampleScenario.class)).execute();
        } finally {
            if (previous == null) {
                System.clearProperty(Target.PROPERTY);
            } else {
                System.setProperty(Target.PROPERTY, previous);
            }
        }

        assertThat(results.testEvents().started().count()).as("scenarios run").isZero();
        assertThat(results.testEvents().failed().count()).isZero();
        List<String> reasons = results.containerEvents().aborted().stream()
                .flatMap(e -> e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).stream())
                .map(Throwable::getMessage).toList();
        assertThat(reasons).singleElement().asString()
                .contains("unknown FERRY_TARGET 'no-such-target'").contains("embedded, endpoint or localstack");
    }
}
