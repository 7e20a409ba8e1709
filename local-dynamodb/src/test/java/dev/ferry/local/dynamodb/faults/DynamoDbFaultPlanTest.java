package dev.ferry.local.dynamodb.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DynamoDbFaultPlanTest {

    @Test
    void theTextFormNamesProbabilitiesHoldScopeAndSeedAndReadsBackItsOwnOutput() {
        DynamoDbFaultPlan plan = DynamoDbFaultPlan.parse(
                "ddb-conflict:0.05, ddb-throttle:0.1,ddb-transaction-hold:20ms,ddb-operations:PutItem|TransactWriteItems,ddb-tables:dev-accounts,seed:42");

        assertThat(plan).isEqualTo(new DynamoDbFaultPlan(0.05, 0.1, Duration.ofMillis(20),
                Set.of("PutItem", "TransactWriteItems"), Set.of("dev-accounts"), 42));
        assertThat(DynamoDbFaultPlan.parse(plan.toString())).isEqualTo(plan);
        assertThat(DynamoDbFaultPlan.parse("ddb-transaction-hold:1.5s").transactionHold()).isEqualTo(Duration.ofMillis(1500));
        assertThat(DynamoDbFaultPlan.parse("ddb-transaction-hold:0").isEmpty()).isTrue();
        assertThat(DynamoDbFaultPlan.none()).hasToString("none");
    }

    @Test
    void badEntriesSayWhatIsAllowed() {
        assertThatThrownBy(() -> DynamoDbFaultPlan.parse("ddb-explode:0.5")).hasMessageContaining("unknown DynamoDB fault 'ddb-explode'")
                .hasMessageContaining("ddb-conflict, ddb-throttle, ddb-transaction-hold");
        assertThatThrownBy(() -> DynamoDbFaultPlan.parse("ddb-throttle:2")).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> DynamoDbFaultPlan.parse("ddb-throttle:often")).hasMessageContaining("needs a number");
        assertThatThrownBy(() -> DynamoDbFaultPlan.parse("ddb-transaction-hold:20")).hasMessageContaining("ms or s");
        assertThatThrownBy(() -> DynamoDbFaultPlan.parse("ddb-operations:GetRecords")).hasMessageContaining("'GetRecords'")
                .hasMessageContaining("PutItem");
    }

    @Test
    void unscopedThrottlingHitsTheDataPlaneOnlyAndConflictsOnlyWritesAndTransactions() {
        DynamoDbFaultPlan all = DynamoDbFaultPlan.none().withThrottle(0.5).withConflict(0.5);

        assertThat(all.throttlingMayHit("GetItem", "t")).isTrue();
        assertThat(all.throttlingMayHit("CreateTable", "t")).isFalse();
        assertThat(all.onlyOperations("CreateTable").throttlingMayHit("CreateTable", "t")).isTrue();
        assertThat(all.conflictsMayHit("PutItem", "t")).isTrue();
        assertThat(all.conflictsMayHit("GetItem", "t")).isFalse();
        assertThat(all.onlyTables("a").conflictsMayHit("PutItem", "b")).isFalse();
    }

    @Test
    void forcedFaultsComeFirstAndAreCountedThenTheProbabilityDecides() {
        DynamoDbFaults faults = new DynamoDbFaults(DynamoDbFaultPlan.none().onlyTables("t"));
        faults.throttleNext(2);

        assertThat(faults.injectThrottle("PutItem", "other")).as("out of scope: not consumed").isFalse();
        assertThat(faults.injectThrottle("PutItem", "t")).isTrue();
        assertThat(faults.injectThrottle("GetItem", "t")).isTrue();
        assertThat(faults.injectThrottle("GetItem", "t")).isFalse();
        faults.conflictNext(1);
        assertThat(faults.injectConflict("TransactWriteItems", "t")).isTrue();
        assertThat(faults.counters()).isEqualTo(new DynamoDbFaultCounters(1, 0, 2));
        faults.update(p -> p.withConflict(1));
        assertThat(faults.injectConflict("DeleteItem", "t")).isTrue();
        faults.clear();
        assertThat(faults.plan()).isEqualTo(DynamoDbFaultPlan.none());
        assertThat(faults.injectConflict("DeleteItem", "t")).isFalse();
    }
}
