package dev.ferry.local.cli;

import dev.ferry.local.cli.LoadApi.Outcome;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One {@code ferry load} run against a running system: opens and funds the accounts, places the orders at the
 * rate asked ({@link OrderBurst}) while {@link QueueSampler} watches the consumer queues, waits for every order to
 * reach its final state and the queues to empty, reads the runtime's peaks since the burst began, and checks that
 * every effect happened exactly once ({@link ExactlyOnceCheck}).
 */
final class LoadRun {
    /** How often progress is printed while the run goes on. */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    /** After the backlog drained, the check waits this long before it reads balances and emails: a late duplicate shows. */
    private static final Duration HOLD = Duration.ofSeconds(2);
    private static final Set<String> FINAL = Set.of("CONFIRMED", "REJECTED");

    /**
     * What a run needs of the system: its API, the consumer queues, the orders table, the mailbox, the statistics and
     * how to tap the domain events the order's hops are timed with (empty: no hop times).
     */
    record Target(LoadApi api, SqsClient sqs, List<String> queues, OrderStates orders, Mailbox mailbox, RuntimeStats stats,
                  Optional<java.util.function.Supplier<DomainEventTap>> tap) {
        Target(LoadApi api, SqsClient sqs, List<String> queues, OrderStates orders, Mailbox mailbox, RuntimeStats stats) {
            this(api, sqs, queues, orders, mailbox, stats, Optional.empty());
        }
    }

    /**
     * @param fundedIn     opening and funding the accounts, until every deposit was applied
     * @param drainedAfter from the last order's answer until every order was final and the queues empty; empty when
     *                     the timeout came first
     */
    record Result(LoadOptions options, String run, Duration fundedIn, OrderBurst.Result burst, Optional<Duration> drainedAfter,
                  Map<String, Integer> queuePeaks, RuntimeStats.Snapshot runtime, ExactlyOnceCheck.Verdict verdict,
                  Optional<OrderHops.Report> hops, MachineLoad load, RuntimeStats.Snapshot runtimeAtStart) {}

    /**
     * The machine's 1-minute load average when the burst began and when the backlog had drained (negative where the
     * platform has none), next to its processor count: figures from a shared machine mean little without it.
     */
    record MachineLoad(double atStart, double atEnd, int processors) {
        static double now() {
            return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        }
    }

    /** A step the run could not take (the API refused to open an account, ...); ends it with the reason. */
    static final class LoadFailure extends RuntimeException {
        LoadFailure(String message) {
            super(message);
        }
    }

    private final Target target;
    private final LoadOptions options;
    private final LoadPlan plan;
    private final String run;
    private final PrintStream progress;
    /** Orders seen CONFIRMED or REJECTED; -1 until the burst is over and the run starts following them. */
    private final AtomicInteger finalOrders = new AtomicInteger(-1);

    LoadRun(Target target, LoadOptions options, String run, PrintStream progress) {
        this.target = target;
        this.options = options;
        this.plan = new LoadPlan(options.orders(), options.accounts());
        this.run = run;
        this.progress = progress;
    }

    String accountCorrelation(int account) {
        return "load-" + run + "-account-" + account;
    }

    Result play() {
        long fundingStarted = System.nanoTime();
        List<String> accounts = openAndFundAccounts();
        Duration fundedIn = Duration.ofNanos(System.nanoTime() - fundingStarted);
        progress.printf("ferry load: %d accounts opened and funded in %.1f s; placing %d orders at %d/s%n", accounts.size(),
                fundedIn.toMillis() / 1000.0, options.orders(), options.rate());

        Optional<DomainEventTap> tap = target.tap().map(java.util.function.Supplier::get);
        try {
            return play(accounts, fundedIn, tap);
        } finally {
            tap.ifPresent(DomainEventTap::close);
        }
    }

    private Result play(List<String> accounts, Duration fundedIn, Optional<DomainEventTap> tap) {
        Instant began = Instant.now();
        double loadAtStart = MachineLoad.now();
        RuntimeStats.Snapshot atStart = target.stats().since(began);
        OrderBurst burst = new OrderBurst(target.api(), plan, options.rate(), options.clients(), run);
        OrderBurst.Result placed;
        Optional<Duration> drained;
        Map<String, Integer> peaks;
        try (QueueSampler queues = new QueueSampler(target.sqs(), target.queues());
             var reporter = Executors.newVirtualThreadPerTaskExecutor()) {
            long startNanos = System.nanoTime();
            Future<?> reporting = reporter.submit(() -> reportProgress(startNanos, burst, queues));
            placed = burst.run(accounts);
            drained = awaitDrained(placed, queues);
            reporting.cancel(true);
            queues.sampleOnce();
            peaks = queues.peaks();
        }
        RuntimeStats.Snapshot runtime = target.stats().since(began);
        MachineLoad load = new MachineLoad(loadAtStart, MachineLoad.now(), Runtime.getRuntime().availableProcessors());
        pause(HOLD);
        Map<String, OrderStates.State> states = target.orders().states(placed.placed().stream().map(OrderBurst.Placed::orderId).toList());
        Map<String, String> statuses = new HashMap<>();
        states.forEach((id, state) -> statuses.put(id, state.status()));
        Map<Integer, BigDecimal> balances = balances(accounts);
        List<Mailbox.Email> emails = target.mailbox().sentFor("load-" + run + "-");
        List<String> welcomes = new ArrayList<>();
        for (int a = 0; a < accounts.size(); a++) {
            welcomes.add(accountCorrelation(a));
        }
        ExactlyOnceCheck.Verdict verdict = ExactlyOnceCheck.of(plan, placed.placed(), statuses, balances, emails, welcomes);
        long settled = states.values().stream().filter(st -> FINAL.contains(st.status())).count();
        Optional<OrderHops.Report> hops = tap.map(t -> OrderHops.of(placed.placed(), states,
                t.collect("load-" + run + "-order-", events -> OrderHops.steps(events) >= 3 * settled), runtime.consumerWindows()));
        return new Result(options, run, fundedIn, placed, drained, peaks, runtime, verdict, hops, load, atStart);
    }

    private List<String> openAndFundAccounts() {
        String[] ids = new String[plan.accounts()];
        List<String> failures = new ArrayList<>();
        Semaphore inFlight = new Semaphore(options.clients());
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int a = 0; a < plan.accounts(); a++) {
                int account = a;
                inFlight.acquireUninterruptibly();
                executor.execute(() -> {
                    try {
                        ids[account] = openAndFund(account);
                    } catch (LoadFailure e) {
                        synchronized (failures) {
                            failures.add(e.getMessage());
                        }
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
        if (!failures.isEmpty()) {
            throw new LoadFailure(failures.getFirst() + (failures.size() > 1 ? " (and " + (failures.size() - 1) + " more)" : ""));
        }
        List<String> accounts = List.of(ids);
        awaitFunded(accounts);
        return accounts;
    }

    private String openAndFund(int account) {
        String correlation = accountCorrelation(account);
        Outcome opened = target.api().post("/accounts", correlation, correlation, "{\"owner\":\"Load Client " + account
                + "\",\"email\":\"load+" + run + "-" + account + "@example.com\",\"currency\":\"" + LoadPlan.CURRENCY + "\"}");
        String id = switch (opened) {
            case Outcome.Answered a when a.status() == 201 && a.body().hasNonNull("id") -> a.body().get("id").asText();
            default -> throw new LoadFailure("opening account #" + account + " failed: " + describe(opened));
        };
        String deposit = "load-" + run + "-deposit-" + account;
        Outcome funded = target.api().post("/accounts/" + id + "/deposits", deposit, deposit, "{\"amount\":\""
                + plan.depositFor(account).toPlainString() + "\",\"currency\":\"" + LoadPlan.CURRENCY + "\"}");
        if (!(funded instanceof Outcome.Answered a && a.status() == 202)) {
            throw new LoadFailure("the deposit to account #" + account + " was not accepted: " + describe(funded));
        }
        return id;
    }

    private void awaitFunded(List<String> accounts) {
        long deadline = System.nanoTime() + options.timeout().toNanos();
        Set<Integer> unfunded = ConcurrentHashMap.newKeySet();
        for (int a = 0; a < accounts.size(); a++) {
            unfunded.add(a);
        }
        while (!unfunded.isEmpty()) {
            balances(accounts, unfunded).forEach((account, balance) -> {
                if (balance.compareTo(plan.depositFor(account)) == 0) {
                    unfunded.remove(account);
                }
            });
            if (unfunded.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new LoadFailure(unfunded.size() + " account(s) not funded within " + options.timeout().toSeconds()
                        + " s (is the deposit worker running? './ferry dlq' shows what failed)");
            }
            pause(Duration.ofMillis(200));
        }
    }

    private Map<Integer, BigDecimal> balances(List<String> accounts) {
        Set<Integer> all = new java.util.HashSet<>();
        for (int a = 0; a < accounts.size(); a++) {
            all.add(a);
        }
        return balances(accounts, all);
    }

    /** The balances of some accounts (by index), read through {@code GET /accounts/{id}}; unreadable ones are left out. */
    private Map<Integer, BigDecimal> balances(List<String> accounts, Set<Integer> which) {
        Map<Integer, BigDecimal> balances = new ConcurrentHashMap<>();
        Semaphore inFlight = new Semaphore(Math.min(options.clients(), 16));
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int account : which) {
                inFlight.acquireUninterruptibly();
                executor.execute(() -> {
                    try {
                        if (target.api().get("/accounts/" + accounts.get(account)) instanceof Outcome.Answered a && a.status() == 200
                                && a.body().hasNonNull("balance")) {
                            balances.put(account, new BigDecimal(a.body().get("balance").asText()));
                        }
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
        return new HashMap<>(balances);
    }

    /**
     * Waits until every accepted order is CONFIRMED or REJECTED, the consumer queues are empty and every email the
     * run should cause was sent (the last effect of each order), or the timeout. Returns the time since the last
     * order's answer.
     */
    private Optional<Duration> awaitDrained(OrderBurst.Result placed, QueueSampler queues) {
        long deadline = System.nanoTime() + options.timeout().toNanos();
        Map<String, String> pending = new HashMap<>();
        placed.placed().forEach(p -> pending.put(p.orderId(), "PENDING"));
        finalOrders.set(0);
        int confirmed = 0;
        while (System.nanoTime() < deadline) {
            if (!pending.isEmpty()) {
                Map<String, String> now = target.orders().statuses(List.copyOf(pending.keySet()));
                for (Map.Entry<String, String> e : now.entrySet()) {
                    if (FINAL.contains(e.getValue())) {
                        pending.remove(e.getKey());
                        finalOrders.incrementAndGet();
                        confirmed += e.getValue().equals("CONFIRMED") ? 1 : 0;
                    }
                }
            }
            if (pending.isEmpty() && queues.backlog() == 0) {
                int expectedEmails = confirmed + plan.accounts();
                if (target.mailbox().sentFor("load-" + run + "-").size() >= expectedEmails) {
                    return Optional.of(Duration.between(placed.lastAnswered(), Instant.now()));
                }
            }
            pause(Duration.ofMillis(500));
        }
        return Optional.empty();
    }

    private void reportProgress(long startNanos, OrderBurst burst, QueueSampler queues) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(PROGRESS_EVERY);
            } catch (InterruptedException e) {
                return;
            }
            String backlog = queues.latest().entrySet().stream().filter(e -> e.getValue() > 0)
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
            int done = finalOrders.get();
            progress.printf("ferry load: %3d s  sent %d/%d  answered %d%s  queued %d%s%n",
                    (System.nanoTime() - startNanos) / 1_000_000_000L, burst.sent(), options.orders(), burst.answered(),
                    done < 0 ? "" : "  final " + done, queues.backlog(), backlog.isEmpty() ? "" : " (" + backlog + ")");
        }
    }

    private static String describe(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Answered a -> "HTTP " + a.status() + " " + a.body();
            case Outcome.Unanswered u -> "no answer (" + u.error() + ")";
        };
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadFailure("interrupted");
        }
    }
}
