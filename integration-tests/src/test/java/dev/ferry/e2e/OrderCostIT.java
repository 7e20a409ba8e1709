package dev.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.local.cost.LedgerSnapshot;
import dev.ferry.local.cost.Meter;
import dev.ferry.local.cost.Usage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The requests one order makes, counted by the system's ledger, against the hand computation in docs/cost.md.
 */
@ExtendWith(FerryExtension.class)
class OrderCostIT {
    private static final Duration QUIET = Duration.ofSeconds(5);

    private final FerrySystem ferry;
    private final Workflow workflow;

    OrderCostIT(FerrySystem ferry) {
        this.ferry = ferry;
        this.workflow = new Workflow(ferry);
    }

    @Test
    void oneConfirmedOrderMakesTheRequestsComputedByHand() {
        Workflow.Account account = workflow.fundedAccount("Ada Lovelace", "100.00");
        AtomicReference<Workflow.Order> order = new AtomicReference<>();
        LedgerSnapshot one = measure(() -> order.set(workflow.placeOrder(account.id(), "30.00")));
        one.counts().forEach((u, n) -> System.out.println("e2e: one order: " + u.meter() + " | " + u.detail() + " | " + n));

        assertThat(perRequest(one)).containsExactlyInAnyOrderEntriesOf(computedByHand());
        assertThat(one.total(Meter.LAMBDA_DURATION)).as("GB-seconds are measured, not computed").isPositive();
        assertThat(workflow.awaitSettled(order.get().id()).get("status").asText()).isEqualTo("CONFIRMED");
    }

    /**
     * One order placed and confirmed, function by function (docs/cost.md, "One order, by hand"). Every item written is
     * under 1 KB (one write unit, two in a transaction) and every item read under 4 KB (one read unit strongly
     * consistent; the ledger counts read units in halves, so 2 per read). Events are 1-2 KB: one SNS request and one
     * Kinesis PUT payload unit each.
     */
    private Map<String, Long> computedByHand() {
        Map<String, Long> n = new TreeMap<>();
        // API Gateway -> OrdersApi: the Idempotency-Key claimed and completed (guarded: two PutItems), the order and its
        // OrderPlaced outbox record in one TransactWriteItems; RequestServed published to the telemetry topic.
        n.put("API_REQUESTS POST /orders 202", 1L);
        n.put("LAMBDA_REQUESTS " + ferry.name("OrdersApi"), 1L);
        add(n, "DYNAMODB_WRITE_UNITS " + ferry.name("idempotency"), 1 + 1);
        add(n, "DYNAMODB_WRITE_UNITS " + ferry.name("orders"), 2);
        add(n, "DYNAMODB_WRITE_UNITS " + ferry.name("orders-outbox"), 2);
        n.put("SNS_PUBLISHES " + ferry.name("telemetry"), 1L);
        n.put("SNS_LAMBDA_DELIVERIES " + ferry.name("Telemetry"), 1L);
        n.put("LAMBDA_REQUESTS " + ferry.name("Telemetry"), 1L);
        // OutboxRelay, once per event (OrderPlaced, PaymentSucceeded, OrderConfirmed): a strongly consistent Query of the
        // subject's pending records (1 RRU), PublishBatch to domain-events, PutRecords to event-log, BatchWriteItem
        // deleting the record (1 WRU).
        n.put("LAMBDA_REQUESTS " + ferry.name("OutboxRelay"), 3L);
        add(n, "DYNAMODB_READ_UNITS " + ferry.name("orders-outbox"), 2 * 2);
        add(n, "DYNAMODB_READ_UNITS " + ferry.name("accounts-outbox"), 2);
        add(n, "DYNAMODB_WRITE_UNITS " + ferry.name("orders-outbox"), 2);
        add(n, "DYNAMODB_WRITE_UNITS " + ferry.name("accounts-outbox"), 1);
        n.put("SNS_PUBLISHES " + ferry.name("domain-events"), 3L);
        n.put("KINESIS_PUT_UNITS " + ferry.name("event-log"), 3L);
        // SNS -> one queue per event by the subscriptions' filter policies; each consumer's mapping receives it (one
        // ReceiveMessage that brings it) and deletes it (DeleteMessageBatch).
        for (String queue : List.of("payments-order-placed", "orders-payment-outcomes", "notifications-emails")) {
            n.put("SNS_SQS_DELIVERIES " + ferry.name(queue), 1L);
            n.put("SQS_STANDARD_REQUESTS " + ferry.name(queue) + " ReceiveMessage", 1L);
            n.put("SQS_STANDARD_REQUESTS " + ferry.name(queue) + " DeleteMessageBatch", 1L);
        }
        // PaymentsConsumer: reads the account (GetItem, strongly consistent), then one transaction: the payment decision
        // and the debited account (accounts), PaymentSucceeded (accounts-outbox), its idempotency key.
        n.put("LAMBDA_REQUESTS " + ferry.name("PaymentsConsumer"), 1L);
        add(n, "DYNAMODB_READ_UNITS " + ferry.name("accounts"), 2);
        add(n, "DYNAMODB_WRITE_UNITS " + ferry.name("accounts"), 2 + 2);
        add(n, "DYNAMODB_WRITE_UNITS " + ferry.name("accounts-outbox"), 2);
        add(n, "DYNAMODB_WRITE_UNITS " + ferry.name("idempotency"), 2);
        // OrdersConsumer: reads the order (GetItem, strongly consistent), then one transaction: the order CONFIRMED,
        // OrderConfirmed (orders-outbox), its idempotency key.
        n.put("LAMBDA_REQUESTS " + ferry.name("OrdersConsumer"), 1L);
        add(n, "DYNAMODB_READ_UNITS " + ferry.name("orders"), 2);
        add(n, "DYNAMODB_WRITE_UNITS " + ferry.name("orders"), 2);
        add(n, "DYNAMODB_WRITE_UNITS " + ferry.name("orders-outbox"), 2);
        add(n, "DYNAMODB_WRITE_UNITS " + ferry.name("idempotency"), 2);
        // Notifications (guarded effectively-once): claim and complete (two PutItems), the email recorded (PutItem).
        n.put("LAMBDA_REQUESTS " + ferry.name("Notifications"), 1L);
        add(n, "DYNAMODB_WRITE_UNITS " + ferry.name("idempotency"), 1 + 1);
        add(n, "DYNAMODB_WRITE_UNITS " + ferry.name("notifications"), 1);
        // Analytics and Audit read the three events from event-log, one invocation each: Analytics commits its
        // counts and the event's key in one transaction; Audit puts the event (PutItem).
        n.put("LAMBDA_REQUESTS " + ferry.name("Analytics"), 3L);
        add(n, "DYNAMODB_WRITE_UNITS " + ferry.name("analytics"), 3 * 2);
        add(n, "DYNAMODB_WRITE_UNITS " + ferry.name("idempotency"), 3 * 2);
        n.put("LAMBDA_REQUESTS " + ferry.name("Audit"), 3L);
        add(n, "DYNAMODB_WRITE_UNITS " + ferry.name("audit"), 3);
        return n;
    }

    private static void add(Map<String, Long> counts, String key, long amount) {
        counts.merge(key, amount, Long::sum);
    }

    /** What the ledger counted while {@code action} and everything it set off ran; again when a schedule fired meanwhile. */
    private LedgerSnapshot measure(Runnable action) {
        for (int attempt = 1; ; attempt++) {
            LedgerSnapshot before = quiet();
            action.run();
            LedgerSnapshot one = quiet().since(before);
            if (one.total(Meter.SCHEDULED_INVOCATIONS) == 0 || attempt == 3) return one;
            System.out.println("e2e: a scheduled rule fired while measuring; measuring again");
        }
    }

    /** The ledger once the per-request meters have not moved for {@link #QUIET}. */
    private LedgerSnapshot quiet() {
        AtomicReference<Map<String, Long>> last = new AtomicReference<>(perRequest(ferry.ledger().snapshot()));
        await("the system to go quiet").atMost(Workflow.CHAIN_TIMEOUT).pollDelay(QUIET).pollInterval(QUIET).until(() -> {
            Map<String, Long> now = perRequest(ferry.ledger().snapshot());
            return now.equals(last.getAndSet(now));
        });
        return ferry.ledger().snapshot();
    }

    /**
     * The counts an order decides: requests and units by meter and detail, without the measured ones (Lambda's
     * duration, log bytes) and those driven by polling or time.
     */
    static Map<String, Long> perRequest(LedgerSnapshot snapshot) {
        Map<String, Long> counts = new TreeMap<>();
        for (Map.Entry<Usage, Long> e : snapshot.counts().entrySet()) {
            Meter m = e.getKey().meter();
            if (m.basis() != Meter.Basis.PER_REQUEST || m == Meter.LAMBDA_DURATION || m == Meter.LOG_BYTES) continue;
            counts.put(m + " " + e.getKey().detail(), e.getValue());
        }
        return counts;
    }
}
