package dev.ferry.local.schedule;

import dev.ferry.local.deployment.ScheduleRuleSpec;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fires a deployment's scheduled rules: one virtual thread per enabled rule sleeps until the rule's next fire
 * time, sends the scheduled event to each target through {@link TargetDelivery}, and sleeps again. A rate
 * first fires one period after {@link #start()} (a rate starts when its rule is created:
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rate-expressions.html), a cron at its next
 * matching minute (UTC). Fires missed while the process could not run (a suspended laptop) are skipped, not
 * replayed in a burst. {@link #fire(String)} fires a rule now, whatever the timing.
 */
public final class RuleScheduler implements AutoCloseable {

    private static final class ScheduledRule {
        final ScheduleRuleSpec spec;
        final ScheduleExpression expression;
        final AtomicLong fires = new AtomicLong();
        volatile Optional<Instant> lastFire = Optional.empty();
        volatile Optional<Instant> nextFire = Optional.empty();

        ScheduledRule(ScheduleRuleSpec spec) {
            this.spec = spec;
            this.expression = ScheduleExpression.parse(spec.scheduleExpression());
        }
    }

    private final Map<String, ScheduledRule> rules = new LinkedHashMap<>();
    private final ScheduleTiming timing;
    private final SchedulerClock clock;
    private final TargetDelivery delivery;
    private final PrintStream log;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private volatile boolean running;

    /** Takes ownership of {@code delivery}: closing the scheduler closes it. */
    public RuleScheduler(List<ScheduleRuleSpec> rules, ScheduleTiming timing, SchedulerClock clock,
                         TargetDelivery delivery, PrintStream log) {
        rules.forEach(r -> this.rules.put(r.name(), new ScheduledRule(r)));
        this.timing = timing;
        this.clock = clock;
        this.delivery = delivery;
        this.log = log;
    }

    /** Starts a thread for every enabled rule, unless the timing is manual. */
    public synchronized void start() {
        running = true;
        if (timing instanceof ScheduleTiming.Manual) {
            return;
        }
        for (ScheduledRule rule : rules.values()) {
            if (rule.spec.enabled()) {
                threads.add(Thread.ofVirtual().name("schedule-" + rule.spec.name()).start(() -> run(rule)));
            }
        }
    }

    private void run(ScheduledRule rule) {
        Optional<Instant> next = following(rule, clock.now());
        try {
            while (running && next.isPresent()) {
                rule.nextFire = next;
                clock.sleepUntil(next.get());
                if (!running) {
                    break;
                }
                Instant due = next.get();
                try {
                    fire(rule, due);
                } catch (RuntimeException e) {
                    log.println("[schedule] " + rule.spec.name() + " failed to fire at " + due + ": " + e);
                }
                next = following(rule, due);
                Instant now = clock.now();
                while (next.isPresent() && next.get().isBefore(now)) {
                    next = following(rule, next.get());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            rule.nextFire = Optional.empty();
        }
    }

    private Optional<Instant> following(ScheduledRule rule, Instant time) {
        return switch (timing) {
            case ScheduleTiming.Every every -> Optional.of(time.plus(every.period()));
            case ScheduleTiming.AsWritten asWritten -> rule.expression.nextAfter(time);
            case ScheduleTiming.Manual manual -> Optional.empty();
        };
    }

    /**
     * Fires the rule now (by name or ARN), as if its schedule had come due: the scheduled event (or each
     * target's Input) goes to every target asynchronously. A disabled rule cannot fire, as on EventBridge.
     */
    public RuleFiring fire(String ruleNameOrArn) {
        ScheduledRule rule = rules.values().stream()
                .filter(r -> r.spec.name().equals(ruleNameOrArn) || r.spec.arn().equals(ruleNameOrArn))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no scheduled rule " + ruleNameOrArn
                        + " in this deployment; its scheduled rules are " + rules.keySet()));
        if (!rule.spec.enabled()) {
            throw new IllegalStateException("rule " + rule.spec.name() + " is DISABLED in the template and never fires;"
                    + " set its State to ENABLED, or invoke its function directly");
        }
        if (!running) {
            throw new IllegalStateException("the scheduler of rule " + rule.spec.name() + " is not running (closed or not started)");
        }
        return fire(rule, clock.now());
    }

    private RuleFiring fire(ScheduledRule rule, Instant time) {
        ScheduledEvent event = new ScheduledEvent(UUID.randomUUID().toString(), time, rule.spec);
        Map<String, DeliveryOutcome> outcomes = new LinkedHashMap<>();
        for (ScheduleRuleSpec.Target target : rule.spec.targets()) {
            outcomes.put(target.id(), delivery.deliver(rule.spec, target, event));
        }
        rule.fires.incrementAndGet();
        rule.lastFire = Optional.of(event.time());
        return new RuleFiring(rule.spec.name(), event.id(), event.time(), outcomes);
    }

    public List<RuleStats> stats() {
        return rules.values().stream().map(r -> new RuleStats(r.spec.name(), r.spec.scheduleExpression(),
                r.spec.enabled(), r.fires.get(), r.lastFire, r.nextFire)).toList();
    }

    public TargetDelivery delivery() {
        return delivery;
    }

    /** True once closed and every rule's thread has ended. */
    public boolean stopped() {
        return !running && threads.stream().noneMatch(Thread::isAlive);
    }

    /** Stops every rule's thread (waiting briefly for each) and abandons delivery retries in progress. */
    @Override
    public synchronized void close() {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        delivery.close();
    }
}
