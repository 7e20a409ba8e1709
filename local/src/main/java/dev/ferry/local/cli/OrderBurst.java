package dev.ferry.local.cli;

import dev.ferry.local.cli.LoadApi.Outcome;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Places a plan's orders at a fixed rate, open loop, as a crowd of clients would: order {@code i} is due at
 * {@code i / rate} seconds, whatever happened to the ones before, each with its own Idempotency-Key and correlation
 * id; at most {@code clients} wait for an answer at once (a slow API makes the sending fall behind, and the report
 * shows the rate reached).
 */
final class OrderBurst {

    /**
     * An order the API accepted (202): which account, how much, the correlation id its events and email carry, when its
     * request was sent (wall clock) and how long the answer took.
     */
    record Placed(int index, String orderId, String correlationId, int account, BigDecimal amount, Instant sentAt, long answerNanos) {
        Placed(int index, String orderId, String correlationId, int account, BigDecimal amount) {
            this(index, orderId, correlationId, account, amount, Instant.EPOCH, 0);
        }
    }

    /**
     * @param answers   answers by HTTP status; requests that got none are counted in {@code unanswered}
     * @param latencies response times of every answered request, in nanoseconds
     * @param errors    a few of the failures, with what was asked and answered, for the report
     */
    record Result(Instant firstSent, Instant lastAnswered, List<Placed> placed, Map<Integer, Integer> answers, int unanswered,
                  long[] latencies, List<String> errors) {

        int accepted() {
            return placed.size();
        }

        int withStatus(int from, int to) {
            return answers.entrySet().stream().filter(e -> e.getKey() >= from && e.getKey() < to).mapToInt(Map.Entry::getValue).sum();
        }

        Duration duration() {
            return Duration.between(firstSent, lastAnswered);
        }
    }

    private final LoadApi api;
    private final LoadPlan plan;
    private final int rate;
    private final int clients;
    private final String run;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();

    OrderBurst(LoadApi api, LoadPlan plan, int rate, int clients, String run) {
        this.api = api;
        this.plan = plan;
        this.rate = rate;
        this.clients = clients;
        this.run = run;
    }

    int sent() {
        return sent.get();
    }

    int answered() {
        return answered.get();
    }

    static String correlationId(String run, int order) {
        return "load-" + run + "-order-" + order;
    }

    Result run(List<String> accountIds) {
        AtomicReferenceArray<Outcome> outcomes = new AtomicReferenceArray<>(plan.orders());
        AtomicReferenceArray<Instant> sentAt = new AtomicReferenceArray<>(plan.orders());
        Semaphore inFlight = new Semaphore(clients);
        Instant first = Instant.now();
        long start = System.nanoTime();
        double intervalNanos = 1e9 / rate;
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < plan.orders(); i++) {
                long due = start + (long) (i * intervalNanos);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                inFlight.acquireUninterruptibly();
                int order = i;
                sent.incrementAndGet();
                executor.execute(() -> {
                    try {
                        sentAt.set(order, Instant.now());
                        outcomes.set(order, place(order, accountIds.get(plan.accountOf(order))));
                    } finally {
                        answered.incrementAndGet();
                        inFlight.release();
                    }
                });
            }
        }
        Instant last = Instant.now();
        return collect(first, last, outcomes, sentAt);
    }

    private Outcome place(int order, String accountId) {
        String correlation = correlationId(run, order);
        return api.post("/orders", correlation, correlation, "{\"accountId\":\"" + accountId + "\",\"amount\":\""
                + plan.amountOf(order).toPlainString() + "\",\"currency\":\"" + LoadPlan.CURRENCY + "\"}");
    }

    private Result collect(Instant first, Instant last, AtomicReferenceArray<Outcome> outcomes, AtomicReferenceArray<Instant> sentAt) {
        List<Placed> placed = new ArrayList<>();
        Map<Integer, Integer> answers = new TreeMap<>();
        List<String> errors = new ArrayList<>();
        List<Long> latencies = new ArrayList<>();
        Map<String, Boolean> ids = new ConcurrentHashMap<>();
        int unanswered = 0;
        for (int i = 0; i < outcomes.length(); i++) {
            switch (outcomes.get(i)) {
                case Outcome.Answered a -> {
                    answers.merge(a.status(), 1, Integer::sum);
                    latencies.add(a.nanos());
                    String id = a.body().path("id").asText("");
                    if (a.status() == 202 && !id.isEmpty()) {
                        placed.add(new Placed(i, id, correlationId(run, i), plan.accountOf(i), plan.amountOf(i), sentAt.get(i), a.nanos()));
                        if (ids.putIfAbsent(id, true) != null) {
                            errors.add("order " + i + " was answered with the id of another order, " + id);
                        }
                    } else if (errors.size() < 5) {
                        errors.add("POST /orders #" + i + ": " + a.status() + " " + a.body());
                    }
                }
                case Outcome.Unanswered u -> {
                    unanswered++;
                    if (errors.size() < 5) {
                        errors.add("POST /orders #" + i + ": no answer (" + u.error() + ")");
                    }
                }
                case null -> unanswered++;
            }
        }
        return new Result(first, last, placed, answers, unanswered, latencies.stream().mapToLong(Long::longValue).toArray(), errors);
    }
}
