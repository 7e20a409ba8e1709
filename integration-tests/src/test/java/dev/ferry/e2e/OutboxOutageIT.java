package dev.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.local.eventsource.MappingStats;
import dev.ferry.local.faults.outage.Outage;
import dev.ferry.local.faults.outage.OutageService;
import dev.ferry.local.faults.outage.Outages;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * SNS and Kinesis fail for the outbox relay (and the sweeper) longer than the relay's event source mapping
 * keeps retrying: it gives the batches up to stream-failures. Nothing is lost: the events wait in the outbox
 * table, and the scheduled sweeper publishes every one once the outage is over, in order per subject.
 */
@ExtendWith(FerryExtension.class)
class OutboxOutageIT {

    private final FerrySystem ferry;
    private final Workflow workflow;

    OutboxOutageIT(FerrySystem ferry) {
        this.ferry = ferry;
        this.workflow = new Workflow(ferry);
    }

    @Test
    void anSnsAndKinesisOutageLongerThanTheRelaysRetriesLosesNoEventAndTheSweeperDeliversThemInOrder() {
        Outages outages = ferry.runtime().outages();
        String relay = ferry.name("OutboxRelay");
        long givenUpBefore = givenUpByTheAccountsOutboxRelay();
        Workflow.Account account;
        try (Outages.Running outage = outages.start(Outage.of(OutageService.SNS, OutageService.KINESIS)
                .onlyFor(relay, ferry.name("OutboxSweeper")))) {
            // Three events of one subject while the relay cannot publish: AccountOpened and two DepositApplied.
            account = workflow.openAccount("Outage Ada");
            assertThat(workflow.deposit(account.id(), Workflow.key(), "50.00").status()).isEqualTo(202);
            workflow.awaitBalance(account.id(), "50.00");
            assertThat(workflow.deposit(account.id(), Workflow.key(), "25.00").status()).isEqualTo(202);
            workflow.awaitBalance(account.id(), "75.00");

            await("the relay's mapping gave all three records up to stream-failures").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> givenUpByTheAccountsOutboxRelay() >= givenUpBefore + 3);
            assertThat(outages.counters().failedRequests(relay)).isPositive();
        }
        assertThat(pending(account.id())).as("given up by the relay, still in the outbox table").hasSize(3);
        assertThat(eventLog(account.id())).as("nothing reached the event log during the outage").isEmpty();

        // The e2e stages sweep records older than 5 s (CloudAssembly): fire the schedule once they all are.
        await("the records are older than the sweeper's grace").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> pending(account.id()).stream().allMatch(r -> writtenAt(r).isBefore(Instant.now().minus(CloudAssembly.SWEEP_GRACE))));
        ferry.runtime().fireRule(ferry.name("outbox-sweep"));

        await("every event on the event log").atMost(Workflow.CHAIN_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> eventLog(account.id()).size() >= 3);
        assertThat(eventLog(account.id())).as("once each, in the order they were written")
                .containsExactly(Workflow.ACCOUNT_OPENED, Workflow.DEPOSIT_APPLIED, Workflow.DEPOSIT_APPLIED);
        assertThat(pending(account.id())).isEmpty();
        await("the welcome email, sent from the SNS copy of AccountOpened").atMost(Workflow.CHAIN_TIMEOUT)
                .until(() -> ferry.dynamoDb().scan(s -> s.tableName(ferry.name("notifications")).consistentRead(true)).items().stream()
                        .anyMatch(e -> e.get("to").s().equals(account.email()) && e.get("template").s().equals("welcome")));
    }

    /** When an outbox record was written: the time part of its sequence, {@code <time>#<event id>}. */
    private static Instant writtenAt(Map<String, AttributeValue> record) {
        String sequence = record.get("sequence").s();
        return Instant.parse(sequence.substring(0, sequence.indexOf('#')));
    }

    /** Records the relay's mapping on accounts-outbox sent to its on-failure destination. */
    private long givenUpByTheAccountsOutboxRelay() {
        return ferry.mappings().stats().stream().filter(m -> m.mapping().startsWith("RelayAccountsOutboxOutboxMapping"))
                .mapToLong(MappingStats::sentToDestination).sum();
    }

    private List<Map<String, AttributeValue>> pending(String subject) {
        return ferry.dynamoDb().query(q -> q.tableName(ferry.name("accounts-outbox")).consistentRead(true)
                .keyConditionExpression("#s = :s").expressionAttributeNames(Map.of("#s", "subject"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(subject)))).items();
    }

    /** The event types on the event log for one subject, in shard order. */
    private List<String> eventLog(String subject) {
        return workflow.eventLog(subject).stream().map(e -> e.get("type").asText()).toList();
    }
}
