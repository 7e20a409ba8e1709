package dev.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Orders per second confirmed end to end: POST /orders through API Gateway, OrdersApi, the orders table's
 * stream, the relay, SNS, SQS, PaymentsConsumer, the accounts outbox, OrdersConsumer, until GET /orders/{id}
 * answers CONFIRMED. Not part of the default run:
 *
 * <pre>./mvnw -B -q -pl integration-tests -am verify -Dferry.npm.skip=true -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=OrderThroughputBenchmark -Dit.failIfNoSpecifiedTests=false -Dferry.e2e.excludedGroups=none \
 *     [-Dbench.orders=300 -Dbench.clients=8 -Dbench.rounds=3]</pre>
 *
 * The figures are printed (and land in target/failsafe-reports/...OrderThroughputBenchmark-output.txt).
 */
@Tag("benchmark")
@ExtendWith(FerryExtension.class)
class OrderThroughputBenchmark {

    private final FerrySystem ferry;
    private final Workflow workflow;

    OrderThroughputBenchmark(FerrySystem ferry) {
        this.ferry = ferry;
        this.workflow = new Workflow(ferry);
    }

    @Test
    void ordersConfirmedEndToEndPerSecond() throws Exception {
        int orders = Integer.getInteger("bench.orders", 300);
        int clients = Integer.getInteger("bench.clients", 8);
        int rounds = Integer.getInteger("bench.rounds", 3);
        List<Workflow.Account> accounts = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            accounts.add(workflow.fundedAccount("Bench Client " + i, "1000000.00"));
        }
        run(accounts, Math.max(clients, orders / 5), clients); // warm-up: JIT, connection pools, SDK clients
        double[] rates = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            rates[round] = run(accounts, orders, clients);
        }
        Arrays.sort(rates);
        System.out.printf("e2e benchmark: %d orders per round, %d clients, %d rounds: median %.1f orders/s confirmed end to end"
                + " (min %.1f, max %.1f)%n", orders, clients, rounds, rates[rounds / 2], rates[0], rates[rounds - 1]);
    }

    /** Places the orders from {@code clients} threads and returns orders per second until all are confirmed. */
    private double run(List<Workflow.Account> accounts, int orders, int clients) throws Exception {
        Set<String> pending = ConcurrentHashMap.newKeySet();
        long begin = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> placed = new ArrayList<>();
            for (int i = 0; i < orders; i++) {
                Workflow.Account account = accounts.get(i % accounts.size());
                placed.add(pool.submit(() -> pending.add(workflow.placeOrder(account.id(), "1.00").id())));
            }
            for (Future<?> f : placed) {
                f.get();
            }
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!pending.isEmpty()) {
            assertThat(System.nanoTime()).as("all orders confirmed within 3 minutes").isLessThan(deadline);
            for (String id : new HashSet<>(pending)) {
                Api.Response r = ferry.api().get("/orders/" + id);
                String status = r.json().path("status").asText();
                assertThat(status).as("order %s", id).isNotEqualTo("REJECTED");
                if (status.equals("CONFIRMED")) {
                    pending.remove(id);
                }
            }
            Thread.sleep(50);
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        System.out.printf("e2e benchmark: %d orders confirmed in %.2f s: %.1f orders/s%n", orders, seconds, orders / seconds);
        return orders / seconds;
    }
}
