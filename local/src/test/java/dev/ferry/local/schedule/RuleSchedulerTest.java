package dev.ferry.local.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.local.deployment.ScheduleRuleSpec;
import dev.ferry.local.deployment.ScheduleRuleSpec.RetryPolicy;
import dev.ferry.local.deployment.ScheduleRuleSpec.Target;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scheduler on a clock the test moves: when rules fire, what each target gets, and what a failed delivery becomes. */
class RuleSchedulerTest {

    private static final Instant START = Instant.parse("2026-12-01T10:03:30Z");
    private static final String SWEEPER = "arn:aws:lambda:us-east-1:000000000000:function:outbox-sweeper";
    private static final String DLQ = "arn:aws:sqs:us-east-1:000000000000:sweeper-dlq";
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Invocation(String functionArn, String payload) {}

    private record DeadLetter(String queueArn, String body, Map<String, String> attributes) {}

    private final ManualClock clock = new ManualClock(START);
    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private Function<String, String> lambda = payload -> "request-" + invocations.size();
    private RuleScheduler scheduler;

    @AfterEach
    void close() {
        if (scheduler != null) {
            scheduler.close();
        }
    }

    private static Target target(String id) {
        return new Target(id, SWEEPER, Optional.empty(), Optional.empty(), RetryPolicy.defaults(), Optional.empty());
    }

    private static ScheduleRuleSpec rule(String name, String expression, boolean enabled, Target... targets) {
        return new ScheduleRuleSpec(name, name, "arn:aws:events:us-east-1:000000000000:rule/" + name, expression, enabled,
                List.of(targets));
    }

    private RuleScheduler start(ScheduleTiming timing, ScheduleRuleSpec... rules) {
        TargetDelivery delivery = new TargetDelivery(
                (arn, payload) -> {
                    String body = new String(payload, StandardCharsets.UTF_8);
                    String requestId = lambda.apply(body);
                    invocations.add(new Invocation(arn, body));
                    return requestId;
                },
                (queue, body, attributes) -> deadLetters.add(new DeadLetter(queue, body, attributes)),
                Duration.ofSeconds(1), clock, new PrintStream(logged, true, StandardCharsets.UTF_8));
        scheduler = new RuleScheduler(List.of(rules), timing, clock, delivery, new PrintStream(logged, true, StandardCharsets.UTF_8));
        scheduler.start();
        return scheduler;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    @Test
    void aRateFiresOnePeriodAfterStartNotAtStartAndThenEveryPeriod() throws InterruptedException {
        start(ScheduleTiming.asWritten(), rule("sweep", "rate(5 minutes)", true, target("Target0")));

        clock.awaitSleepers(1);
        assertThat(invocations).isEmpty();
        assertThat(scheduler.stats().getFirst().nextFire()).contains(START.plus(Duration.ofMinutes(5)));

        clock.advanceTo(START.plus(Duration.ofMinutes(5)).minusSeconds(1));
        clock.awaitSleepers(1);
        assertThat(invocations).isEmpty();

        clock.advanceTo(START.plus(Duration.ofMinutes(5)));
        clock.awaitSleepers(1);
        assertThat(invocations).hasSize(1);
        assertThat(json(invocations.getFirst().payload()).get("time").asText()).isEqualTo("2026-12-01T10:08:30Z");

        clock.advanceTo(START.plus(Duration.ofMinutes(10)));
        clock.awaitSleepers(1);
        assertThat(invocations).hasSize(2);
        assertThat(scheduler.stats().getFirst()).satisfies(s -> {
            assertThat(s.fires()).isEqualTo(2);
            assertThat(s.lastFire()).contains(START.plus(Duration.ofMinutes(10)));
            assertThat(s.nextFire()).contains(START.plus(Duration.ofMinutes(15)));
        });
    }

    @Test
    void theScheduledEventIsEventBridgesWithTheRuleArnAsItsResource() throws InterruptedException {
        start(ScheduleTiming.asWritten(), rule("sweep", "rate(1 minute)", true, target("Target0")));
        clock.awaitSleepers(1);
        clock.advanceBy(Duration.ofMinutes(1));
        clock.awaitSleepers(1);

        Invocation invocation = invocations.getFirst();
        assertThat(invocation.functionArn()).isEqualTo(SWEEPER);
        JsonNode event = json(invocation.payload());
        assertThat(event.get("version").asText()).isEqualTo("0");
        assertThat(event.get("id").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(event.get("detail-type").asText()).isEqualTo("Scheduled Event");
        assertThat(event.get("source").asText()).isEqualTo("aws.events");
        assertThat(event.get("account").asText()).isEqualTo("000000000000");
        assertThat(event.get("time").asText()).isEqualTo("2026-12-01T10:04:30Z");
        assertThat(event.get("region").asText()).isEqualTo("us-east-1");
        assertThat(event.get("resources")).containsExactly(JSON.getNodeFactory().textNode(
                "arn:aws:events:us-east-1:000000000000:rule/sweep"));
        assertThat(event.get("detail").isObject() && event.get("detail").isEmpty()).isTrue();
        assertThat(event.size()).as("no other fields").isEqualTo(9);
    }

    @Test
    void aCronFiresAtItsNextMatchingMinuteInUtc() throws InterruptedException {
        clock.advanceTo(Instant.parse("2026-12-01T10:07:00Z"));
        start(ScheduleTiming.asWritten(), rule("quarterly", "cron(0/15 * * * ? *)", true, target("T")));
        clock.awaitSleepers(1);
        assertThat(scheduler.stats().getFirst().nextFire()).contains(Instant.parse("2026-12-01T10:15:00Z"));

        clock.advanceTo(Instant.parse("2026-12-01T10:15:00Z"));
        clock.awaitSleepers(1);
        assertThat(invocations).hasSize(1);
        assertThat(scheduler.stats().getFirst().nextFire()).contains(Instant.parse("2026-12-01T10:30:00Z"));
    }

    @Test
    void aDisabledRuleGetsNoThreadNeverFiresAndCannotBeFiredByHand() throws InterruptedException {
        start(ScheduleTiming.asWritten(),
                rule("on", "rate(1 minute)", true, target("T")),
                rule("off", "rate(1 minute)", false, target("T")));

        // One sleeper: the enabled rule. The disabled one has no thread that could fire.
        clock.awaitSleepers(1);
        clock.advanceBy(Duration.ofMinutes(1));
        clock.awaitSleepers(1);
        clock.advanceBy(Duration.ofMinutes(1));
        clock.awaitSleepers(1);

        assertThat(invocations).hasSize(2);
        assertThat(scheduler.stats()).filteredOn(s -> s.ruleName().equals("off")).singleElement().satisfies(s -> {
            assertThat(s.enabled()).isFalse();
            assertThat(s.fires()).isZero();
            assertThat(s.nextFire()).isEmpty();
        });
        assertThatThrownBy(() -> scheduler.fire("off"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DISABLED");
    }

    @Test
    void everyTimingOverridesThePeriodOfRatesAndCronsAlike() throws InterruptedException {
        start(ScheduleTiming.every(Duration.ofSeconds(2)),
                rule("daily", "rate(1 day)", true, target("T")),
                rule("yearly", "cron(0 0 1 1 ? *)", true, target("T")));
        clock.awaitSleepers(2);
        assertThat(invocations).isEmpty();

        clock.advanceBy(Duration.ofSeconds(2));
        clock.awaitSleepers(2);
        clock.advanceBy(Duration.ofSeconds(2));
        clock.awaitSleepers(2);

        assertThat(invocations).hasSize(4);
        assertThat(scheduler.stats()).allSatisfy(s -> assertThat(s.nextFire()).contains(START.plusSeconds(6)));
    }

    @Test
    void manualTimingFiresOnlyOnDemandAndAFiringReportsEachTargetsRequestId() throws InterruptedException {
        start(ScheduleTiming.manual(), rule("sweep", "rate(1 minute)", true, target("First"), target("Second")));
        clock.awaitSleepers(0);
        clock.advanceBy(Duration.ofHours(1));
        assertThat(invocations).isEmpty();

        RuleFiring firing = scheduler.fire("arn:aws:events:us-east-1:000000000000:rule/sweep");

        assertThat(firing.ruleName()).isEqualTo("sweep");
        assertThat(firing.time()).isEqualTo(START.plus(Duration.ofHours(1)));
        assertThat(firing.outcomes()).containsOnlyKeys("First", "Second");
        assertThat(firing.requestIds()).containsExactly("request-0", "request-1");
        assertThat(invocations).extracting(i -> json(i.payload()).get("id").asText())
                .as("one event, the same id at every target").containsOnly(firing.eventId());
        assertThat(scheduler.stats().getFirst().fires()).isEqualTo(1);
    }

    @Test
    void aTargetsInputReplacesTheEventAndItsInputPathSelectsPartOfIt() {
        start(ScheduleTiming.manual(), rule("sweep", "rate(1 minute)", true,
                target("Plain"),
                new Target("Constant", SWEEPER, Optional.of("{\"batch\": 25}"), Optional.empty(), RetryPolicy.defaults(), Optional.empty()),
                new Target("Detail", SWEEPER, Optional.empty(), Optional.of("$.detail"), RetryPolicy.defaults(), Optional.empty()),
                new Target("Whole", SWEEPER, Optional.empty(), Optional.of("$"), RetryPolicy.defaults(), Optional.empty())));

        scheduler.fire("sweep");

        assertThat(json(invocations.get(0).payload()).get("detail-type").asText()).isEqualTo("Scheduled Event");
        assertThat(invocations.get(1).payload()).isEqualTo("{\"batch\": 25}");
        assertThat(invocations.get(2).payload()).isEqualTo("{}");
        assertThat(json(invocations.get(3).payload()).get("source").asText()).isEqualTo("aws.events");
    }

    @Test
    void anUnknownRuleIsAnErrorNamingTheScheduledRules() {
        start(ScheduleTiming.manual(), rule("sweep", "rate(1 minute)", true, target("T")));
        assertThatThrownBy(() -> scheduler.fire("nightly"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nightly")
                .hasMessageContaining("[sweep]");
    }

    @Test
    void closingStopsEveryRuleThreadAndNothingFiresAfterwards() throws InterruptedException {
        start(ScheduleTiming.asWritten(),
                rule("a", "rate(1 minute)", true, target("T")),
                rule("b", "cron(* * * * ? *)", true, target("T")));
        clock.awaitSleepers(2);

        scheduler.close();

        assertThat(scheduler.stopped()).isTrue();
        clock.awaitSleepers(0);
        clock.advanceBy(Duration.ofHours(1));
        assertThat(invocations).isEmpty();
        assertThat(scheduler.stats()).allSatisfy(s -> assertThat(s.nextFire()).isEmpty());
        assertThatThrownBy(() -> scheduler.fire("a")).isInstanceOf(IllegalStateException.class).hasMessageContaining("not running");
    }

    @Test
    void aDeliveryThatKeepsFailingIsRetriedThenDeadLetteredWithEventBridgesAttributes() throws InterruptedException {
        lambda = payload -> {
            throw new IllegalStateException("Lambda is unavailable");
        };
        start(ScheduleTiming.manual(), rule("sweep", "rate(1 minute)", true,
                new Target("T", SWEEPER, Optional.empty(), Optional.empty(), new RetryPolicy(2, Duration.ofHours(1)), Optional.of(DLQ))));

        RuleFiring firing = scheduler.fire("sweep");
        assertThat(firing.outcomes().get("T")).isEqualTo(new DeliveryOutcome.Retrying("CONNECTION_FAILURE", "Lambda is unavailable"));

        clock.awaitSleepers(1);
        clock.advanceBy(Duration.ofSeconds(1));
        clock.awaitSleepers(1);
        clock.advanceBy(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> deadLetters.size() == 1);

        DeadLetter letter = deadLetters.getFirst();
        assertThat(letter.queueArn()).isEqualTo(DLQ);
        assertThat(json(letter.body()).get("id").asText()).isEqualTo(firing.eventId());
        assertThat(letter.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "RULE_ARN", "arn:aws:events:us-east-1:000000000000:rule/sweep",
                "TARGET_ARN", SWEEPER,
                "ERROR_CODE", "CONNECTION_FAILURE",
                "ERROR_MESSAGE", "Lambda is unavailable",
                "EXHAUSTED_RETRY_CONDITION", "MaximumRetryAttempts",
                "RETRY_ATTEMPTS", "2"));
        assertThat(scheduler.delivery().deadLettered()).isEqualTo(1);
    }

    @Test
    void retriesEndWhenTheEventIsOlderThanItsMaximumAge() throws InterruptedException {
        lambda = payload -> {
            throw new IllegalStateException("Lambda is unavailable");
        };
        start(ScheduleTiming.manual(), rule("sweep", "rate(1 minute)", true,
                new Target("T", SWEEPER, Optional.empty(), Optional.empty(), new RetryPolicy(185, Duration.ofMillis(2500)), Optional.of(DLQ))));

        scheduler.fire("sweep");
        clock.awaitSleepers(1);
        clock.advanceBy(Duration.ofSeconds(1));
        clock.awaitSleepers(1);
        clock.advanceBy(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> deadLetters.size() == 1);

        assertThat(deadLetters.getFirst().attributes())
                .containsEntry("EXHAUSTED_RETRY_CONDITION", "MaximumEventAgeInSeconds")
                .containsEntry("RETRY_ATTEMPTS", "2");
    }

    @Test
    void aTargetThatCannotBeFoundGoesToTheDeadLetterQueueWithoutRetries() {
        lambda = payload -> {
            throw new TargetDeliveryException("NO_RESOURCE", "Function not found: " + SWEEPER, false);
        };
        start(ScheduleTiming.manual(), rule("sweep", "rate(1 minute)", true,
                new Target("T", SWEEPER, Optional.empty(), Optional.empty(), RetryPolicy.defaults(), Optional.of(DLQ))));

        RuleFiring firing = scheduler.fire("sweep");

        assertThat(firing.outcomes().get("T")).isInstanceOf(DeliveryOutcome.DeadLettered.class);
        assertThat(deadLetters.getFirst().attributes())
                .containsEntry("ERROR_CODE", "NO_RESOURCE")
                .containsEntry("RETRY_ATTEMPTS", "0")
                .doesNotContainKey("EXHAUSTED_RETRY_CONDITION");
    }

    @Test
    void withoutADeadLetterQueueAnUndeliverableEventIsDroppedCountedAndLogged() {
        lambda = payload -> {
            throw new IllegalStateException("Lambda is unavailable");
        };
        start(ScheduleTiming.manual(), rule("sweep", "rate(1 minute)", true,
                new Target("T", SWEEPER, Optional.empty(), Optional.empty(), new RetryPolicy(0, Duration.ofHours(1)), Optional.empty())));

        RuleFiring firing = scheduler.fire("sweep");

        assertThat(firing.outcomes().get("T")).isEqualTo(new DeliveryOutcome.Dropped("CONNECTION_FAILURE", "Lambda is unavailable"));
        assertThat(scheduler.delivery().dropped()).isEqualTo(1);
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("dropped").contains("DeadLetterConfig");
    }
}
