package dev.ferry.local.sns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hands notifications to subscribers after Publish has answered: SQS queues through the SQS API, Lambda
 * functions through their registered {@link LambdaDelivery}. Each subscription has its own ordered lane.
 * A failed attempt is retried with a growing pause; when the attempts run out (or the failure cannot be
 * fixed by retrying) the message goes to the subscription's dead-letter queue, or is dropped and counted.
 *
 * <p>When messages queue up in a lane faster than it delivers them one by one, a standard queue gets them up to ten
 * at a time in one {@code SendMessageBatch} (what arrives in the queue is the same; SNS makes no promise of order to
 * standard queues, and the lane's order is kept anyway). A message the batch could not deliver is retried on its
 * own. FIFO queues, messages with a group ID and Lambda subscriptions are delivered one by one.
 */
final class DeliveryEngine implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DeliveryEngine.class.getName());
    /** SQS refuses more than ten message attributes; SNS discards such raw deliveries as client errors. */
    static final int MAX_RAW_SQS_ATTRIBUTES = 10;
    /** SendMessageBatch takes ten entries of at most 256 KiB together (SQS's limit before 2025, ElasticMQ's still). */
    static final int MAX_BATCH = 10;
    static final int MAX_BATCH_BYTES = 256 * 1024;

    /** A subscription as it was when the message was published. */
    record Target(String subscriptionArn, String protocol, String endpoint, boolean raw,
                  Optional<String> deadLetterTargetArn, boolean fifoTopic) {}

    /** What goes over the wire to SQS for one delivery, and to the dead-letter queue if that fails. */
    private record SqsPayload(String body, Map<String, MessageAttribute> attributes) {}

    private final SqsSender sqs;
    private final Map<String, LambdaDelivery> lambdas;
    private final Envelopes envelopes;
    private final DeliveryStats stats;
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final SerialWorkers<Delivery> workers = new SerialWorkers<>(MAX_BATCH, this::deliverInOrder);

    /** One notification for one subscription. */
    private record Delivery(Notification notification, Target target) {}

    DeliveryEngine(SqsSender sqs, Map<String, LambdaDelivery> lambdas, Envelopes envelopes,
                   DeliveryStats stats, int maxAttempts, Duration firstBackoff) {
        this.sqs = sqs;
        this.lambdas = lambdas;
        this.envelopes = envelopes;
        this.stats = stats;
        this.maxAttempts = maxAttempts;
        this.firstBackoff = firstBackoff;
    }

    void dispatch(Notification notification, Target target) {
        stats.pending.incrementAndGet();
        if (!workers.submit(target.subscriptionArn(), new Delivery(notification, target))) {
            stats.pending.decrementAndGet();
            stats.dropped.incrementAndGet();
        }
    }

    /** A lane's next deliveries, in order: runs of batchable ones to the same queue as batches, the others one by one. */
    private void deliverInOrder(List<Delivery> deliveries) {
        int i = 0;
        while (i < deliveries.size()) {
            Delivery first = deliveries.get(i);
            List<Delivery> run = new ArrayList<>(MAX_BATCH);
            List<SqsPayload> payloads = new ArrayList<>(MAX_BATCH);
            int bytes = 0;
            while (i < deliveries.size() && run.size() < MAX_BATCH) {
                Delivery next = deliveries.get(i);
                if (!next.target().equals(first.target()) || !batchable(next.target())) {
                    break;
                }
                SqsPayload payload = payload(next.notification(), next.target());
                int size = size(payload);
                if (payload.attributes().size() > MAX_RAW_SQS_ATTRIBUTES || next.notification().messageGroupId().isPresent()
                        || (!run.isEmpty() && bytes + size > MAX_BATCH_BYTES)) {
                    break;
                }
                run.add(next);
                payloads.add(payload);
                bytes += size;
                i++;
            }
            if (run.size() > 1) {
                deliverBatch(run, payloads);
            } else {
                deliverOne(first, 1, null);
                i += run.isEmpty() ? 1 : 0;
            }
        }
    }

    /** Standard queues of standard topics, where ten messages in one request arrive as ten sent one by one would. */
    private static boolean batchable(Target target) {
        return target.protocol().equals("sqs") && !target.fifoTopic()
                && Arns.sqsQueue(target.endpoint()).map(q -> !q.fifo()).orElse(false);
    }

    /** The bytes SQS counts against a batch's limit: the body and every attribute's name, type and value. */
    private static int size(SqsPayload payload) {
        int size = MessageAttribute.utf8(payload.body());
        for (Map.Entry<String, MessageAttribute> a : payload.attributes().entrySet()) {
            size += a.getValue().size(a.getKey());
        }
        return size;
    }

    private void deliverBatch(List<Delivery> run, List<SqsPayload> payloads) {
        Optional<List<DeliveryAttempt>> outcomes;
        try {
            outcomes = sqs.sendBatch(run.getFirst().target().endpoint(),
                    payloads.stream().map(p -> new SqsSender.Outgoing(p.body(), p.attributes())).toList());
        } catch (RuntimeException e) {
            outcomes = Optional.empty();
        }
        for (int k = 0; k < run.size(); k++) {
            Delivery d = run.get(k);
            // Refused as a whole: each message gets its first attempt on its own; otherwise the batch was the first.
            DeliveryAttempt outcome = outcomes.isPresent() ? outcomes.get().get(k) : null;
            if (outcome == null) {
                deliverOne(d, 1, null);
            } else if (outcome instanceof DeliveryAttempt.Retryable) {
                deliverOne(d, 2, outcome);
            } else {
                settle(d, payloads.get(k), outcome);
            }
        }
    }

    /** Delivers one message, from its {@code firstAttempt}-th attempt on ({@code previous}: how the one before ended). */
    private void deliverOne(Delivery d, int firstAttempt, DeliveryAttempt previous) {
        boolean settling = false;
        try {
            Notification n = d.notification();
            SqsPayload payload = payload(n, d.target());
            DeliveryAttempt outcome = previous;
            for (int attempt = firstAttempt; attempt <= maxAttempts; attempt++) {
                if (attempt > 1) {
                    stats.retries.incrementAndGet();
                    sleep(firstBackoff.multipliedBy(1L << (attempt - 2)));
                }
                outcome = attempt(n, d.target(), payload);
                if (!(outcome instanceof DeliveryAttempt.Retryable)) {
                    break;
                }
            }
            settling = true;
            settle(d, payload, outcome);
        } catch (RuntimeException e) {
            if (!settling) {
                stats.pending.decrementAndGet();
            }
            stats.dropped.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "SNS delivery to " + d.target().endpoint() + " failed", e);
        }
    }

    /** Counts a delivery's end, and sends what failed to the dead-letter queue; the delivery is no longer pending. */
    private void settle(Delivery d, SqsPayload payload, DeliveryAttempt outcome) {
        try {
            switch (outcome) {
                case DeliveryAttempt.Delivered ok -> stats.delivered.incrementAndGet();
                case DeliveryAttempt.Retryable r -> failed(d.notification(), d.target(), payload, r.reason());
                case DeliveryAttempt.Permanent p -> failed(d.notification(), d.target(), payload, p.reason());
                case null -> failed(d.notification(), d.target(), payload, "no attempt made");
            }
        } finally {
            stats.pending.decrementAndGet();
        }
    }

    private DeliveryAttempt attempt(Notification n, Target target, SqsPayload payload) {
        return switch (target.protocol()) {
            case "sqs" -> {
                if (target.raw() && payload.attributes().size() > MAX_RAW_SQS_ATTRIBUTES) {
                    yield new DeliveryAttempt.Permanent("raw delivery to SQS carries at most "
                            + MAX_RAW_SQS_ATTRIBUTES + " message attributes, this message has "
                            + payload.attributes().size());
                }
                boolean fifoQueue = Arns.sqsQueue(target.endpoint()).map(Arns.Queue::fifo).orElse(false);
                yield sqs.send(target.endpoint(), payload.body(), payload.attributes(),
                        groupId(n, target, fifoQueue), fifoQueue ? n.deduplicationId() : Optional.empty());
            }
            case "lambda" -> invokeLambda(n, target);
            default -> new DeliveryAttempt.Permanent("protocol " + target.protocol() + " is not delivered locally");
        };
    }

    /**
     * FIFO queues get the group; standard queues get it only from standard topics (SNS forwards it there
     * for SQS fair queues) and never from FIFO topics.
     */
    private static Optional<String> groupId(Notification n, Target target, boolean fifoQueue) {
        if (fifoQueue) {
            return n.messageGroupId();
        }
        return target.fifoTopic() ? Optional.empty() : n.messageGroupId();
    }

    private DeliveryAttempt invokeLambda(Notification n, Target target) {
        LambdaDelivery function = lambdas.get(target.endpoint());
        if (function == null) {
            function = lambdas.get(unqualified(target.endpoint()));
        }
        if (function == null) {
            // A deleted function is a client-side error, which SNS does not retry (it dead-letters the message).
            return new DeliveryAttempt.Permanent("no Lambda function registered for " + target.endpoint());
        }
        try {
            function.invoke(envelopes.lambdaEvent(n, target.subscriptionArn(), n.bodyFor("lambda")));
            return new DeliveryAttempt.Delivered();
        } catch (Exception e) {
            return new DeliveryAttempt.Retryable("Lambda invocation failed: " + e);
        }
    }

    /** {@code arn:aws:lambda:r:a:function:name:alias} -> {@code arn:aws:lambda:r:a:function:name}. */
    private static String unqualified(String functionArn) {
        String[] parts = functionArn.split(":");
        return parts.length > 7 ? String.join(":", java.util.Arrays.copyOf(parts, 7)) : functionArn;
    }

    private SqsPayload payload(Notification n, Target target) {
        if (target.protocol().equals("sqs") && target.raw()) {
            return new SqsPayload(n.bodyFor("sqs"), n.attributes());
        }
        // Lambda subscriptions dead-letter the notification envelope too.
        String envelope = envelopes.sqsNotification(n, target.subscriptionArn(), n.bodyFor(target.protocol()));
        return new SqsPayload(envelope, Map.of());
    }

    private void failed(Notification n, Target target, SqsPayload payload, String reason) {
        if (target.deadLetterTargetArn().isEmpty()) {
            stats.dropped.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "SNS message " + n.messageId() + " to " + target.endpoint()
                    + " dropped (no RedrivePolicy): " + reason);
            return;
        }
        String dlq = target.deadLetterTargetArn().get();
        boolean fifoDlq = Arns.sqsQueue(dlq).map(Arns.Queue::fifo).orElse(false);
        Map<String, MessageAttribute> attributes =
                payload.attributes().size() > MAX_RAW_SQS_ATTRIBUTES ? Map.of() : payload.attributes();
        DeliveryAttempt result = sqs.send(dlq, payload.body(), attributes,
                fifoDlq ? n.messageGroupId() : Optional.empty(),
                fifoDlq ? n.deduplicationId() : Optional.empty());
        if (result instanceof DeliveryAttempt.Delivered) {
            stats.deadLettered.incrementAndGet();
            LOG.log(System.Logger.Level.INFO, "SNS message " + n.messageId() + " to " + target.endpoint()
                    + " moved to dead-letter queue " + dlq + ": " + reason);
        } else {
            stats.dropped.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "SNS message " + n.messageId() + " to " + target.endpoint()
                    + " dropped, dead-letter queue " + dlq + " failed too: " + reason);
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        workers.close();
    }
}
