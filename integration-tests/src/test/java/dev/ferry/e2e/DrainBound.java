package dev.ferry.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How long a burst of orders may take to drain, computed from the consumers' configured limits rather than from a
 * measured speed. Each order crosses six consumer stages, one after the other: the outbox relay (orders-outbox
 * stream: OrderPlaced), PaymentsConsumer (payments-order-placed), the relay (accounts-outbox: PaymentSucceeded),
 * OrdersConsumer (orders-payment-outcomes), the relay (orders-outbox: OrderConfirmed), Notifications
 * (notifications-emails: the confirmations and the accounts' welcomes).
 *
 * <p>A stage that works through {@code m} messages with at most {@code c} batches of {@code b} at once needs
 * {@code ceil(m / (c × b))} rounds (the template's MaximumConcurrency, or open shards × ParallelizationFactor, and
 * BatchSize); a round costs at most its batching window, a poll ({@link #POLL}) and one batch's work
 * ({@link #BATCH_BUDGET}). The bound is the sum over the stages, as if no stage overlapped another; in fact they run
 * as a pipeline, and a stage that gets its messages in a trickle keeps up with the stage before it, so the sum is
 * the generous side. {@link #BATCH_BUDGET} is the generous part: a batch of 10 takes 0.1 to 0.5 s on the 2-core
 * build machine at load average 9, and a batch of the relay a little more; 5 s is ten times that.
 */
record DrainBound(Duration total, List<String> stages) {

    /** One batch's work on a loaded machine, with room to spare (see the class comment). */
    static final Duration BATCH_BUDGET = Duration.ofSeconds(5);
    /** What a poller may wait before it sees messages that are there: a shard poll locally is 200 ms. */
    static final Duration POLL = Duration.ofMillis(500);

    static DrainBound of(ConsumerLimits limits, String stage, int orders, int accounts) {
        List<String> stages = new ArrayList<>();
        Duration total = Duration.ZERO;
        total = total.plus(stage(limits, stage + "-orders-outbox", orders, "OrderPlaced", stages));
        total = total.plus(stage(limits, stage + "-payments-order-placed", orders, "orders to pay", stages));
        total = total.plus(stage(limits, stage + "-accounts-outbox", orders, "PaymentSucceeded", stages));
        total = total.plus(stage(limits, stage + "-orders-payment-outcomes", orders, "payment outcomes", stages));
        total = total.plus(stage(limits, stage + "-orders-outbox", orders, "OrderConfirmed", stages));
        total = total.plus(stage(limits, stage + "-notifications-emails", orders + accounts, "emails", stages));
        return new DrainBound(total, List.copyOf(stages));
    }

    private static Duration stage(ConsumerLimits limits, String source, int messages, String what, List<String> stages) {
        ConsumerLimits.MappingLimit m = limits.reading(source).getFirst();
        int perRound = m.batchesAtOnce() * m.batchSize();
        int rounds = (messages + perRound - 1) / perRound;
        Duration perRoundTime = m.window().plus(POLL).plus(BATCH_BUDGET);
        Duration time = perRoundTime.multipliedBy(rounds);
        stages.add(String.format("%s -> %s: %d %s, %d at once x %d per batch = %d round(s) x %.1f s = %.1f s", source, m.function(),
                messages, what, m.batchesAtOnce(), m.batchSize(), rounds, perRoundTime.toMillis() / 1000.0, time.toMillis() / 1000.0));
        return time;
    }
}
