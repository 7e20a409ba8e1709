package dev.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.local.eventsource.MappingStats;
import dev.ferry.local.lambda.FunctionStats;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A traffic spike: many clients place a burst of orders at once, far faster than the consumers behind the queues
 * work them off. The API accepts every one at once (no 5xx), the queues and streams hold the backlog, no consumer
 * runs more batches at once than the templates allow, the backlog drains within a bound computed from those limits
 * ({@link DrainBound}), and every effect happens exactly once: balances, one confirmation email per order, nothing
 * left pending, nothing in a dead-letter queue.
 */
@ExtendWith(FerryExtension.class)
class SpikeIT {

    static final int ACCOUNTS = 4;
    static final int ORDERS = 100;
    static final int CLIENTS = 20;
    static final String AMOUNT = "2.00";

    private final FerrySystem ferry;
    private final Workflow workflow;

    SpikeIT(FerrySystem ferry) {
        this.ferry = ferry;
        this.workflow = new Workflow(ferry);
    }

    /** A placed order: the account it debits and the correlation id its events and email carry. */
    record Placed(String orderId, String accountId, String correlationId) {
    }

    @Test
    void aBurstOfOrdersIsAbsorbedByTheQueuesAndDrainsWithinTheConfiguredLimitsExactlyOnce() throws Exception {
        ConsumerLimits limits = ConsumerLimits.of(ferry);
        DrainBound bound = DrainBound.of(limits, ferry.stage(), ORDERS, ACCOUNTS);
        Map<String, Integer> deadLettersBefore = deadLetters();
        BigDecimal deposit = new BigDecimal(AMOUNT).multiply(BigDecimal.valueOf(ORDERS / ACCOUNTS));
        List<Workflow.Account> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts.add(workflow.fundedAccount("Spike Client " + i, deposit.toPlainString()));
        }

        Instant began = Instant.now();
        long handedBackBefore = handedBack();
        long start = System.nanoTime();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        List<Placed> placed = burst(accounts, statuses);
        double burstSeconds = (System.nanoTime() - start) / 1e9;
        int pendingAfterBurst = pending(placed).size();

        assertThat(statuses).as("answers to the burst's POST /orders").containsOnlyKeys(202);
        awaitDrained(placed, bound, handedBackBefore);
        double drainSeconds = (System.nanoTime() - start) / 1e9 - burstSeconds;
        System.out.printf("e2e spike: %d orders from %d clients in %.1f s (%.0f/s offered), %d still pending then; all final %.1f s later"
                        + " (%.0f/s sustained); bound %.0f s:%n  %s%n", ORDERS, CLIENTS, burstSeconds, ORDERS / burstSeconds,
                pendingAfterBurst, drainSeconds, ORDERS / Math.max(drainSeconds, 0.001), bound.total().toMillis() / 1000.0,
                String.join("\n  ", bound.stages()));
        assertThat(pendingAfterBurst).as("orders the consumers had not finished when the last was accepted: the burst outran them")
                .isGreaterThanOrEqualTo(ORDERS / 4);

        everyEffectHappenedOnce(accounts, placed, deposit);
        assertThat(deadLetters()).as("dead-letter queues: nothing of the burst went there").isEqualTo(deadLettersBefore);
        noConsumerRanMoreThanItsLimit(limits, began);
    }

    /**
     * Waits for every order to be final within the bound. A message a consumer handed back to its queue comes back only
     * after the queue's visibility timeout, which the bound leaves out: PaymentsConsumer and OrdersConsumer retry a
     * version conflict (another batch changed the account or order meanwhile) with jittered pauses,
     * {@code ExactlyOnce.ATTEMPTS} times, and then report the message as failed; with five batches debiting four
     * accounts on a busy machine that can still happen. When the runtime counted such a batch, the wait goes on for
     * the longest visibility timeout of the consumer queues, and says so.
     */
    private void awaitDrained(List<Placed> placed, DrainBound bound, long handedBackBefore) {
        try {
            await("every order of the burst CONFIRMED or REJECTED").atMost(bound.total()).pollInterval(Duration.ofMillis(250))
                    .until(() -> pending(placed).isEmpty());
        } catch (ConditionTimeoutException beyondTheBound) {
            long handedBack = handedBack() - handedBackBefore;
            if (handedBack == 0) {
                throw beyondTheBound;
            }
            Duration visibility = Duration.ofSeconds(List.of("payments-order-placed", "orders-payment-outcomes").stream()
                    .mapToLong(q -> Long.parseLong(ferry.sqs().getQueueAttributes(r -> r.queueUrl(ferry.queueUrl(q))
                            .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT)).attributes().get(QueueAttributeName.VISIBILITY_TIMEOUT)))
                    .max().orElseThrow());
            System.out.printf("e2e spike: %d order(s) pending after the bound; the consumers handed %d batch(es) back to their queues "
                    + "(lost version conflicts): waiting up to a visibility timeout (%d s) more%n", pending(placed).size(), handedBack,
                    visibility.toSeconds());
            await("every order of the burst CONFIRMED or REJECTED, a visibility timeout after the bound")
                    .atMost(visibility.plus(DrainBound.BATCH_BUDGET)).pollInterval(Duration.ofMillis(250))
                    .until(() -> pending(placed).isEmpty());
        }
    }

    /** Batches of PaymentsConsumer and OrdersConsumer that failed or reported failed messages, since the system started. */
    private long handedBack() {
        return ferry.mappings().stats().stream()
                .filter(m -> m.mapping().startsWith("PaymentsConsumer") || m.mapping().startsWith("OrdersConsumer"))
                .mapToLong(MappingStats::failedBatches).sum();
    }

    /** Places the orders from {@link #CLIENTS} threads at once, round the accounts, each with its own Idempotency-Key. */
    private List<Placed> burst(List<Workflow.Account> accounts, Map<Integer, Integer> statuses) throws Exception {
        List<Future<Placed>> futures = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
            for (int i = 0; i < ORDERS; i++) {
                Workflow.Account account = accounts.get(i % accounts.size());
                futures.add(clients.submit(() -> {
                    Api.Response r = workflow.placeOrderRequest(account.id(), Workflow.key(), AMOUNT);
                    statuses.merge(r.status(), 1, Integer::sum);
                    return r.status() == 202 ? new Placed(r.json().get("id").asText(), account.id(), r.correlationId().orElseThrow()) : null;
                }));
            }
        }
        List<Placed> placed = new ArrayList<>();
        for (Future<Placed> f : futures) {
            if (f.get() != null) {
                placed.add(f.get());
            }
        }
        assertThat(placed.stream().map(Placed::orderId).distinct()).as("one order per Idempotency-Key").hasSize(placed.size());
        return placed;
    }

    /** The orders not yet CONFIRMED or REJECTED, read from the orders table (a burst of GETs would load the API it measures). */
    private List<String> pending(List<Placed> placed) {
        Map<String, String> statuses = orderStatuses(placed.stream().map(Placed::orderId).toList());
        return placed.stream().map(Placed::orderId).filter(id -> !Set.of("CONFIRMED", "REJECTED").contains(statuses.get(id))).toList();
    }

    private Map<String, String> orderStatuses(List<String> ids) {
        Map<String, String> statuses = new HashMap<>();
        String table = ferry.name("orders");
        for (int i = 0; i < ids.size(); i += 100) {
            List<Map<String, AttributeValue>> keys = ids.subList(i, Math.min(ids.size(), i + 100)).stream()
                    .map(id -> Map.of("id", AttributeValue.fromS(id))).toList();
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            while (!request.isEmpty()) {
                Map<String, KeysAndAttributes> asked = request;
                var r = ferry.dynamoDb().batchGetItem(b -> b.requestItems(asked));
                r.responses().getOrDefault(table, List.of()).forEach(item -> statuses.put(item.get("id").s(), item.get("status").s()));
                request = r.hasUnprocessedKeys() ? r.unprocessedKeys() : Map.of();
            }
        }
        return statuses;
    }

    private void everyEffectHappenedOnce(List<Workflow.Account> accounts, List<Placed> placed, BigDecimal deposit) {
        Map<String, String> statuses = orderStatuses(placed.stream().map(Placed::orderId).toList());
        assertThat(statuses.values()).as("every order paid: each account was funded for all of its orders").containsOnly("CONFIRMED");
        await("confirmation emails").atMost(Workflow.CHAIN_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> confirmationEmails(placed).values().stream().mapToInt(Integer::intValue).sum() >= placed.size());
        await("balances and emails stay put").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30)).until(() -> {
            for (Workflow.Account account : accounts) {
                long paid = placed.stream().filter(p -> p.accountId().equals(account.id())).count();
                BigDecimal expected = deposit.subtract(new BigDecimal(AMOUNT).multiply(BigDecimal.valueOf(paid)));
                if (workflow.balance(account.id()).compareTo(expected) != 0) {
                    return false;
                }
            }
            return confirmationEmails(placed).values().stream().allMatch(n -> n == 1);
        });
        Map<String, Integer> emails = confirmationEmails(placed);
        assertThat(emails).as("one confirmation email per confirmed order").hasSize(placed.size()).allSatisfy((c, n) -> assertThat(n).isOne());
        for (Workflow.Account account : accounts) {
            long welcomes = workflow.emailsByCorrelation(account.correlationId()).stream().filter("welcome"::equals).count();
            assertThat(welcomes).as("welcome emails of %s", account.id()).isOne();
        }
    }

    /** Confirmation emails sent for the placed orders, by the order's correlation id. */
    private Map<String, Integer> confirmationEmails(List<Placed> placed) {
        Set<String> correlations = placed.stream().map(Placed::correlationId).collect(Collectors.toSet());
        Map<String, Integer> counts = new HashMap<>();
        ferry.dynamoDb().scanPaginator(r -> r.tableName(ferry.name("notifications"))).items().forEach(item -> {
            String correlation = item.get("correlationId").s();
            if (correlations.contains(correlation) && item.get("template").s().equals("order-confirmation")) {
                counts.merge(correlation, 1, Integer::sum);
            }
        });
        return counts;
    }

    /** Messages in each dead-letter queue (and the stream mappings' on-failure queue). */
    private Map<String, Integer> deadLetters() {
        Map<String, Integer> depths = new HashMap<>();
        for (String url : ferry.sqs().listQueues(r -> r.queueNamePrefix(ferry.stage() + "-")).queueUrls()) {
            if (url.contains("-dlq") || url.endsWith("stream-failures")) {
                var a = ferry.sqs().getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
                depths.put(url.substring(url.lastIndexOf('/') + 1), a.values().stream().mapToInt(Integer::parseInt).sum());
            }
        }
        return depths;
    }

    /** Every mapping and every bounded function stayed within the templates' limits since the burst began. */
    private void noConsumerRanMoreThanItsLimit(ConsumerLimits limits, Instant began) {
        List<String> peaks = new ArrayList<>();
        for (MappingStats s : ferry.mappings().stats(began)) {
            ConsumerLimits.MappingLimit limit = limits.mappings().get(s.mapping());
            peaks.add(String.format("%s -> %s: %d of %d batches at once, oldest record %.1f s", limit.source(), limit.function(),
                    s.peakConcurrentBatches(), limit.batchesAtOnce(), s.oldestRecordAge().toMillis() / 1000.0));
            assertThat(s.peakConcurrentBatches()).as("batches at once of %s -> %s", limit.source(), limit.function())
                    .isLessThanOrEqualTo(limit.batchesAtOnce());
        }
        for (FunctionStats s : ferry.runtime().functionStats(began)) {
            Integer limit = limits.functions().get(s.functionName());
            peaks.add(s.functionName() + ": " + s.peakConcurrentExecutions() + " at once" + (limit == null ? "" : " of " + limit)
                    + (s.throttles() > 0 ? ", " + s.throttles() + " throttled" : ""));
            if (limit != null) {
                assertThat(s.peakConcurrentExecutions()).as("invocations at once of %s", s.functionName()).isLessThanOrEqualTo(limit);
            }
        }
        System.out.println("e2e spike: peaks since the burst began:\n  " + String.join("\n  ", peaks));
        assertThat(limits.functions()).as("the queue consumers have a bound to hold").containsKeys(ferry.name("PaymentsConsumer"),
                ferry.name("OrdersConsumer"), ferry.name("Notifications"));
    }
}
