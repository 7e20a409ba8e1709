package dev.ferry.local.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.local.dynamodb.faults.DynamoDbFaultPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

    @Test
    void theTextFormNamesProbabilitiesSeedAndFunctions() {
        FaultPlan plan = FaultPlan.parse("duplicate:0.5, crash-before:0.1,crash-after:0.2,throttle:0.05,seed:42,functions:a|b");

        assertThat(plan.probability(Fault.DUPLICATE)).isEqualTo(0.5);
        assertThat(plan.probability(Fault.CRASH_BEFORE)).isEqualTo(0.1);
        assertThat(plan.probability(Fault.CRASH_AFTER)).isEqualTo(0.2);
        assertThat(plan.probability(Fault.THROTTLE)).isEqualTo(0.05);
        assertThat(plan.seed()).isEqualTo(42);
        assertThat(plan.appliesTo("a")).isTrue();
        assertThat(plan.appliesTo("c")).isFalse();
        assertThat(FaultPlan.parse(plan.toString())).isEqualTo(plan);
    }

    @Test
    void ddbKeysAreTheEmbeddedDynamoDbsFaultsSharingTheSeed() {
        FaultPlan plan = FaultPlan.parse("duplicate:0.5,ddb-conflict:0.05,ddb-throttle:0.1,ddb-transaction-hold:20ms,"
                + "ddb-operations:TransactWriteItems,ddb-tables:dev-accounts,seed:42,functions:relay");

        assertThat(plan.probabilities()).containsOnlyKeys(Fault.DUPLICATE);
        assertThat(plan.dynamodb()).isEqualTo(new DynamoDbFaultPlan(0.05, 0.1, Duration.ofMillis(20),
                Set.of("TransactWriteItems"), Set.of("dev-accounts"), 42));
        assertThat(FaultPlan.parse(plan.toString())).isEqualTo(plan);
        assertThat(FaultPlan.parse("ddb-throttle:0.1").isEmpty()).as("DynamoDB faults alone are a plan").isFalse();
        assertThat(FaultPlan.parse("ddb-throttle:0.1").toString()).isEqualTo("ddb-throttle:0.1,seed:0");
        assertThatThrownBy(() -> FaultPlan.parse("ddb-lightning:1")).hasMessageContaining("ddb-conflict");
        assertThatThrownBy(() -> FaultPlan.parse("dynamodb-throttle:1")).hasMessageContaining("ddb-throttle");
    }

    @Test
    void noTextMeansNoFaults() {
        assertThat(FaultPlan.parse("").isEmpty()).isTrue();
        assertThat(FaultPlan.none().toString()).isEqualTo("none");
    }

    @Test
    void theSystemPropertySwitchesTheInjectorOn() {
        System.setProperty(FaultPlan.PROPERTY, "duplicate:1");
        try {
            assertThat(FaultPlan.fromEnvironment().probability(Fault.DUPLICATE)).isEqualTo(1.0);
        } finally {
            System.clearProperty(FaultPlan.PROPERTY);
        }
    }

    @Test
    void badEntriesSayWhatIsAllowed() {
        assertThatThrownBy(() -> FaultPlan.parse("explode:0.5")).hasMessageContaining("unknown fault 'explode'")
                .hasMessageContaining("crash-before");
        assertThatThrownBy(() -> FaultPlan.parse("duplicate:lots")).hasMessageContaining("needs a number");
        assertThatThrownBy(() -> FaultPlan.parse("duplicate:1.5")).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> FaultPlan.parse("duplicate")).hasMessageContaining("key:value");
    }

    @Test
    void aSeededInjectorMakesTheSameChoicesEveryRunWhateverOtherFunctionsDoAndCountsThem() {
        FaultPlan plan = FaultPlan.of(Map.of(Fault.DUPLICATE, 0.3), 7);
        List<Boolean> interleaved = decisions(new FaultInjector(plan), true);
        FaultInjector alone = new FaultInjector(plan);
        List<Boolean> relayAlone = decisions(alone, false);
        List<Boolean> otherSeed = decisions(new FaultInjector(FaultPlan.of(Map.of(Fault.DUPLICATE, 0.3), 8)), false);

        assertThat(relayAlone).isEqualTo(interleaved);
        assertThat(otherSeed).isNotEqualTo(relayAlone);
        long hits = relayAlone.stream().filter(b -> b).count();
        assertThat(hits).isBetween(40L, 80L);
        assertThat(alone.counters().duplicates()).isEqualTo(hits);
        assertThat(alone.counters().crashesBefore()).isZero();
    }

    @Test
    void ratesSwitchedAtRunTimeApplyFromTheNextDecisionAndKeepTheRestOfThePlan() {
        FaultInjector injector = new FaultInjector(FaultPlan.parse("crash-after:1,seed:5,functions:relay"));
        assertThat(injector.inject(Fault.DUPLICATE, "relay")).isFalse();

        injector.changeRates(Map.of(Fault.DUPLICATE, 1.0));

        assertThat(injector.inject(Fault.DUPLICATE, "relay")).isTrue();
        assertThat(injector.inject(Fault.CRASH_AFTER, "relay")).as("a fault left out is off").isFalse();
        assertThat(injector.inject(Fault.DUPLICATE, "other")).as("still only the plan's functions").isFalse();
        assertThat(injector.plan().seed()).isEqualTo(5);
        assertThat(injector.counters().duplicates()).isEqualTo(1);
    }

    /** 200 decisions for "relay", optionally with another function's decisions in between. */
    private static List<Boolean> decisions(FaultInjector injector, boolean interleave) {
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            out.add(injector.inject(Fault.DUPLICATE, "relay"));
            if (interleave) {
                injector.inject(Fault.DUPLICATE, "other-function");
            }
        }
        return out;
    }
}
