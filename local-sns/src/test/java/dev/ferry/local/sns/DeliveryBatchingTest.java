package dev.ferry.local.sns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A subscription's lane delivers a backlog to a standard queue ten messages a request, in order, and retries on its
 * own what a batch did not deliver; FIFO queues and Lambda subscriptions still get one message a delivery. The
 * requests are counted by a stand-in for SQS that holds the first one until the backlog has formed.
 */
class DeliveryBatchingTest {
    static final String QUEUE = "arn:aws:sqs:us-east-1:000000000000:payments";
    static final String FIFO_QUEUE = "arn:aws:sqs:us-east-1:000000000000:payments.fifo";

    /** Records every request; the first one waits until the test lets it go. */
    static final class CountingSqs implements SqsSender {
        final List<String> requests = Collections.synchronizedList(new ArrayList<>());
        final List<String> delivered = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch firstEntered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        /** What a batch answers for a body (delivered unless told otherwise); empty refuses the whole batch. */
        Function<String, DeliveryAttempt> batchOutcome = body -> new DeliveryAttempt.Delivered();
        boolean refuseBatches;

        private void holdFirst() {
            if (firstEntered.getCount() > 0) {
                firstEntered.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public DeliveryAttempt send(String queueArn, String body, Map<String, MessageAttribute> attributes,
                                    Optional<String> groupId, Optional<String> deduplicationId) {
            holdFirst();
            requests.add("send " + body);
            delivered.add(body);
            return new DeliveryAttempt.Delivered();
        }

        @Override
        public Optional<List<DeliveryAttempt>> sendBatch(String queueArn, List<Outgoing> messages) {
            holdFirst();
            requests.add("batch " + messages.stream().map(Outgoing::body).toList());
            if (refuseBatches) {
                return Optional.empty();
            }
            List<DeliveryAttempt> outcomes = new ArrayList<>();
            for (Outgoing m : messages) {
                DeliveryAttempt outcome = batchOutcome.apply(m.body());
                if (outcome instanceof DeliveryAttempt.Delivered) {
                    delivered.add(m.body());
                }
                outcomes.add(outcome);
            }
            return Optional.of(outcomes);
        }

        @Override
        public void close() {
        }
    }

    final CountingSqs sqs = new CountingSqs();
    final DeliveryStats stats = new DeliveryStats();
    final List<String> invoked = Collections.synchronizedList(new ArrayList<>());
    final DeliveryEngine engine = new DeliveryEngine(sqs, Map.of("arn:aws:lambda:us-east-1:000000000000:function:f", json -> {
        sqs.holdFirst();
        invoked.add(json);
    }), new Envelopes("http://127.0.0.1:1"), stats, 3, Duration.ZERO);

    @AfterEach
    void close() {
        engine.close();
    }

    static Notification message(String body) {
        return new Notification("id-" + body, "arn:aws:sns:us-east-1:000000000000:events", Optional.empty(), body, Map.of(),
                Map.of("type", new MessageAttribute("String", Optional.of("OrderPlaced"), Optional.empty())), Instant.EPOCH,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    static DeliveryEngine.Target raw(String queueArn) {
        return new DeliveryEngine.Target("sub-1", "sqs", queueArn, true, Optional.empty(), false);
    }

    /** Dispatches message 0, waits until its delivery is under way, queues the rest behind it, then lets it go. */
    void backlogOf(int messages, DeliveryEngine.Target target) throws InterruptedException {
        engine.dispatch(message("m0"), target);
        assertThat(sqs.firstEntered.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i < messages; i++) {
            engine.dispatch(message("m" + i), target);
        }
        sqs.release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> stats.pending.get() == 0);
    }

    static List<String> bodies(int from, int to) {
        List<String> bodies = new ArrayList<>();
        for (int i = from; i < to; i++) {
            bodies.add("m" + i);
        }
        return bodies;
    }

    @Test
    void aBacklogGoesToAStandardQueueTenMessagesARequestInOrder() throws InterruptedException {
        backlogOf(25, raw(QUEUE));

        assertThat(sqs.requests).containsExactly("send m0", "batch " + bodies(1, 11), "batch " + bodies(11, 21),
                "batch " + bodies(21, 25));
        assertThat(sqs.delivered).containsExactlyElementsOf(bodies(0, 25));
        assertThat(stats.delivered.get()).isEqualTo(25);
        assertThat(stats.retries.get()).isZero();
    }

    @Test
    void aMessageTheBatchDidNotDeliverIsRetriedOnItsOwn() throws InterruptedException {
        sqs.batchOutcome = body -> body.equals("m3") ? new DeliveryAttempt.Retryable("throttled")
                : body.equals("m5") ? new DeliveryAttempt.Permanent("too many attributes") : new DeliveryAttempt.Delivered();

        backlogOf(8, raw(QUEUE));

        assertThat(sqs.requests).containsExactly("send m0", "batch " + bodies(1, 8), "send m3");
        assertThat(sqs.delivered).containsExactlyInAnyOrder("m0", "m1", "m2", "m4", "m6", "m7", "m3");
        assertThat(stats.retries.get()).isEqualTo(1);
        assertThat(stats.delivered.get()).isEqualTo(7);
        // No RedrivePolicy: the message SQS refused for good is dropped and counted.
        assertThat(stats.dropped.get()).isEqualTo(1);
    }

    @Test
    void aBatchRefusedAsAWholeIsSentOneMessageAtATime() throws InterruptedException {
        sqs.refuseBatches = true;

        backlogOf(4, raw(QUEUE));

        assertThat(sqs.requests).containsExactly("send m0", "batch [m1, m2, m3]", "send m1", "send m2", "send m3");
        assertThat(stats.delivered.get()).isEqualTo(4);
    }

    @Test
    void fifoQueuesAndLambdaSubscriptionsGetOneMessageADelivery() throws InterruptedException {
        backlogOf(4, raw(FIFO_QUEUE));

        assertThat(sqs.requests).containsExactly("send m0", "send m1", "send m2", "send m3");

        DeliveryEngine.Target lambda = new DeliveryEngine.Target("sub-2", "lambda", "arn:aws:lambda:us-east-1:000000000000:function:f",
                false, Optional.empty(), false);
        for (int i = 0; i < 3; i++) {
            engine.dispatch(message("l" + i), lambda);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> stats.pending.get() == 0);
        assertThat(invoked).hasSize(3);
    }

    @Test
    void anIdleLaneDeliversEachMessageAsItComes() {
        sqs.firstEntered.countDown();
        sqs.release.countDown();

        for (int i = 0; i < 3; i++) {
            engine.dispatch(message("m" + i), raw(QUEUE));
            await().atMost(Duration.ofSeconds(10)).until(() -> stats.pending.get() == 0);
        }

        assertThat(sqs.requests).containsExactly("send m0", "send m1", "send m2");
    }
}
