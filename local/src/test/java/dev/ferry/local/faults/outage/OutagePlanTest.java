package dev.ferry.local.faults.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.local.faults.Fault;
import dev.ferry.local.faults.FaultPlan;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OutagePlanTest {

    @Test
    void anOutageSwitchRoutesServicesWithoutStartingAnOutage() {
        FaultPlan plan = FaultPlan.parse("outage-switch:sns|kinesis");

        assertThat(plan.outages().switchable()).containsExactlyInAnyOrder(OutageService.SNS, OutageService.KINESIS);
        assertThat(plan.outages().scheduled()).isEmpty();
        assertThat(plan.probabilities()).isEmpty();
        assertThat(plan.isEmpty()).isFalse();
        assertThat(plan.toString()).isEqualTo("outage-switch:sns|kinesis");
    }

    @Test
    void anOutageInThePlanHasItsServicesFunctionsKindStartAndLength() {
        FaultPlan plan = FaultPlan.parse("duplicate:0.5,seed:7,outage:kinesis|sns,outage-functions:dev-OutboxRelay|dev-Other,"
                + "outage-kind:throttling,outage-after:20s,outage-for:1500ms,outage-switch:sns");

        OutagePlan.Scheduled scheduled = plan.outages().scheduled().orElseThrow();
        assertThat(scheduled.outage()).isEqualTo(new Outage(Set.of(OutageService.SNS, OutageService.KINESIS),
                Set.of("dev-OutboxRelay", "dev-Other"), OutageKind.THROTTLING));
        assertThat(scheduled.after()).isEqualTo(Duration.ofSeconds(20));
        assertThat(scheduled.lasting()).contains(Duration.ofMillis(1500));
        assertThat(plan.probability(Fault.DUPLICATE)).isEqualTo(0.5);
        assertThat(plan.functions()).as("functions: scopes invocation faults, not outages").isEmpty();
        assertThat(FaultPlan.parse(plan.toString())).isEqualTo(plan);
    }

    @Test
    void anOutageWithoutMoreIsUnavailabilityOfEveryFunctionFromTheStartUntilEnded() {
        OutagePlan plan = FaultPlan.parse("outage:sns").outages();

        assertThat(plan.scheduled()).contains(new OutagePlan.Scheduled(Outage.of(OutageService.SNS), Duration.ZERO, Optional.empty()));
        assertThat(plan.switchable()).containsExactly(OutageService.SNS);
        assertThat(plan.toString()).isEqualTo("outage:sns");
    }

    @Test
    void aPlanWithoutOutageKeysRoutesNothing() {
        assertThat(FaultPlan.parse("duplicate:1").outages().isEmpty()).isTrue();
        assertThat(FaultPlan.none().outages()).isEqualTo(OutagePlan.none());
    }

    @Test
    void mistakesSayWhatIsAllowed() {
        assertThatThrownBy(() -> FaultPlan.parse("outage:sqs")).hasMessageContaining("unknown outage service 'sqs'")
                .hasMessageContaining("sns or kinesis");
        assertThatThrownBy(() -> FaultPlan.parse("outage:sns,outage-kind:slow")).hasMessageContaining("unknown outage kind 'slow'")
                .hasMessageContaining("unavailable, internal-error, throttling");
        assertThatThrownBy(() -> FaultPlan.parse("outage:sns,outage-for:soon")).hasMessageContaining("500ms, 20s, 2m or 1h");
        assertThatThrownBy(() -> FaultPlan.parse("outage:")).hasMessageContaining("outage needs services");
        assertThatThrownBy(() -> FaultPlan.parse("outage:sns,outage-duration:1s")).hasMessageContaining("unknown outage key 'outage-duration'")
                .hasMessageContaining("outage-for");
        assertThatThrownBy(() -> FaultPlan.parse("outage-switch:sns,outage-functions:relay"))
                .hasMessageContaining("outage-functions describe the outage that outage:<services> starts");
        assertThatThrownBy(() -> FaultPlan.parse("outage:sns,outage-for:0s")).hasMessageContaining("outage-for must be positive");
    }
}
