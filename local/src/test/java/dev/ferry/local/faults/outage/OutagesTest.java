package dev.ferry.local.faults.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The outage switch itself: which calls fail when, what is routed, and the mistakes it refuses. */
class OutagesTest {

    private static final Map<String, String> ENDPOINTS = Map.of(
            "AWS_ENDPOINT_URL_SNS", "http://127.0.0.1:4002", "AWS_ENDPOINT_URL", "http://127.0.0.1:4566",
            "AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:4001");
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
    private final InstantSource clock = () -> now.get();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private Outages outages;

    @AfterEach
    void stop() {
        if (outages != null) {
            outages.close();
        }
    }

    private Outages start(String plan) {
        outages = Outages.start(dev.ferry.local.faults.FaultPlan.parse(plan).outages(), List.of("relay", "api"), ENDPOINTS, clock,
                new PrintStream(log, true, StandardCharsets.UTF_8));
        return outages;
    }

    private void advance(Duration d) {
        now.set(now.get().plus(d));
    }

    @Test
    void aPlannedOutageFailsPublishingOnlyWithinItsWindowAndOnlyForItsFunctions() {
        start("outage:sns|kinesis,outage-functions:relay,outage-kind:internal-error,outage-after:10s,outage-for:30s");

        assertThat(outages.failure("relay", OutageService.SNS, "Publish")).isEmpty();
        advance(Duration.ofSeconds(10));
        assertThat(outages.failure("relay", OutageService.SNS, "Publish")).contains(OutageKind.INTERNAL_ERROR);
        assertThat(outages.failure("relay", OutageService.KINESIS, "PutRecords")).contains(OutageKind.INTERNAL_ERROR);
        assertThat(outages.failure("relay", OutageService.KINESIS, "ListShards")).isEmpty();
        assertThat(outages.failure("api", OutageService.SNS, "Publish")).isEmpty();
        assertThat(outages.active()).hasSize(1);
        advance(Duration.ofSeconds(30));
        assertThat(outages.failure("relay", OutageService.SNS, "PublishBatch")).isEmpty();
        assertThat(outages.active()).isEmpty();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("[outage] planned: sns|kinesis internal-error for relay after 10s for 30s");
    }

    @Test
    void endingOneServiceOfAnOutageLeavesTheOther() {
        start("outage-switch:sns|kinesis");
        Outages.Running outage = outages.start(Outage.of(OutageService.SNS, OutageService.KINESIS).onlyFor("relay"));

        outages.end(OutageService.SNS);

        assertThat(outages.failure("relay", OutageService.SNS, "Publish")).isEmpty();
        assertThat(outages.failure("relay", OutageService.KINESIS, "PutRecord")).contains(OutageKind.UNAVAILABLE);
        assertThat(outages.active()).containsExactly(Outage.of(OutageService.KINESIS).onlyFor("relay"));
        assertThat(outage.outage()).isEqualTo(Outage.of(OutageService.KINESIS).onlyFor("relay"));
        outage.end();
        assertThat(outages.active()).isEmpty();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("[outage] ended for [sns]: sns|kinesis unavailable for relay")
                .contains("[outage] ended: kinesis unavailable for relay");
    }

    @Test
    void overlappingOutagesEachEndOnTheirOwn() {
        start("outage-switch:sns");
        Outages.Running everyone = outages.start(Outage.of(OutageService.SNS));
        try (Outages.Running relayOnly = outages.start(Outage.of(OutageService.SNS).onlyFor("relay").failingWith(OutageKind.THROTTLING))) {
            everyone.end();
            assertThat(outages.failure("api", OutageService.SNS, "Publish")).isEmpty();
            assertThat(outages.failure("relay", OutageService.SNS, "Publish")).contains(OutageKind.THROTTLING);
        }
        assertThat(outages.failure("relay", OutageService.SNS, "Publish")).isEmpty();
    }

    @Test
    void onlyRoutedServicesOfKnownFunctionsCanFailAndTheErrorsSayHowToFixIt() {
        start("outage-switch:sns");

        assertThatThrownBy(() -> outages.start(Outage.of(OutageService.KINESIS)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("outage-switch:kinesis").hasMessageContaining("switchable now: [SNS]");
        assertThatThrownBy(() -> outages.start(Outage.of(OutageService.SNS).onlyFor("rely")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no function named [rely]").hasMessageContaining("[relay, api]");
        assertThatThrownBy(() -> Outages.none().start(Outage.of(OutageService.SNS)))
                .hasMessageContaining("start the system with outage-switch:sns");
    }

    @Test
    void eachFunctionGetsItsOwnProxyForTheRoutedServicesOnly() {
        start("outage-switch:sns|kinesis");

        Map<String, String> relay = outages.endpointsFor("relay", ENDPOINTS);
        Map<String, String> api = outages.endpointsFor("api", ENDPOINTS);

        assertThat(relay.get("AWS_ENDPOINT_URL_SNS")).startsWith("http://127.0.0.1:").isNotEqualTo(ENDPOINTS.get("AWS_ENDPOINT_URL_SNS"));
        assertThat(relay.get("AWS_ENDPOINT_URL_KINESIS")).startsWith("http://127.0.0.1:");
        assertThat(api.get("AWS_ENDPOINT_URL_SNS")).isNotEqualTo(relay.get("AWS_ENDPOINT_URL_SNS"));
        assertThat(relay).containsEntry("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:4001")
                .containsEntry("AWS_ENDPOINT_URL", "http://127.0.0.1:4566");
        assertThat(outages.endpointsFor("not-a-function", ENDPOINTS)).isSameAs(ENDPOINTS);
    }

    @Test
    void withoutOutagesInThePlanNothingListensAndEndpointsStayDirect() {
        Outages none = Outages.start(OutagePlan.none(), List.of("relay"), ENDPOINTS, clock, new PrintStream(log));

        assertThat(none.endpointsFor("relay", ENDPOINTS)).isSameAs(ENDPOINTS);
        assertThat(none.switchableServices()).isEmpty();
        assertThat(none.describe()).isEqualTo("none");
    }

    @Test
    void aServiceWithoutEndpointOrBehindTlsCannotBeRouted() {
        assertThatThrownBy(() -> Outages.start(OutagePlan.switchable(OutageService.KINESIS), List.of("relay"),
                Map.of("AWS_ENDPOINT_URL_SNS", "http://127.0.0.1:1"), clock, new PrintStream(log)))
                .hasMessageContaining("neither AWS_ENDPOINT_URL_KINESIS nor AWS_ENDPOINT_URL is set");
        assertThatThrownBy(() -> Outages.start(OutagePlan.switchable(OutageService.KINESIS), List.of("relay"),
                Map.of("AWS_ENDPOINT_URL_KINESIS", "https://kinesis.us-east-1.amazonaws.com"), clock, new PrintStream(log)))
                .hasMessageContaining("forwards plain HTTP only");
    }
}
