package dev.ferry.local.sns;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Hands notifications to subscribers after Publish has answered: SQS queues through the SQS API, Lambda
 * functions through their registered {@link LambdaDelivery}. Each subscription has its own ordered lane.
 * A failed attempt is retried with a growing pause; when the attempts run out (or the failure cannot be
 * fixed by retrying) the message goes to the subscription's dead-letter queue, or is dropped and counted.
 */
final class DeliveryEngine implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DeliveryEngine.class.getName());
    /** SQS refuses more than ten message attributes; SNS discards such raw deliveries as client errors. */
    static final int MAX_RAW_SQS_ATTRIBUTES = 10;

    /** A subscription as it was when the message was published. */
    record Target(String subscriptionArn, String protocol, String endpoint, boolean raw,
                  Optional<String> deadLetterTargetArn, boolean fifoTopic) {}

    /** What goes over the wire to SQS for one delivery, and to the dead-letter queue if that fails. */
    private record SqsPayload(String body, Map<String, MessageAttribute> attributes) {}

    private final SqsDeliverer sqs;
    private final Map<String, LambdaDelivery> lambdas;
    private final Envelopes envelopes;
    private final DeliveryStats stats;
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final SerialWorkers workers = new SerialWorkers();

    DeliveryEngine(SqsDeliverer sqs, Map<String, LambdaDelivery> lambdas, Envelopes envelopes,
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
        boolean accepted = workers.submit(target.subscriptionArn(), () -> {
            try {
                deliver(notification, target);
            } catch (RuntimeException e) {
                stats.dropped.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "SNS delivery to " + target.endpoint() + " failed", e);
            } finally {
                stats.pending.decrementAndGet();
            }
        });
        if (!accepted) {
            stats.pending.decrementAndGet();
            stats.dropped.incrementAndGet();
        }
    }

    private void deliver(Notification n, Target target) {
        SqsPayload payload = payload(n, target);
        DeliveryAttempt outcome = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1) {
                stats.retries.incrementAndGet();
                sleep(firstBackoff.multipliedBy(1L << (attempt - 2)));
            }
            outcome = attempt(n, target, payload);
            if (!(outcome instanceof DeliveryAttempt.Retryable)) {
                break;
            }
        }
        switch (outcome) {
            case DeliveryAttempt.Delivered d -> stats.delivered.incrementAndGet();
            case DeliveryAttempt.Retryable r -> failed(n, target, payload, r.reason());
            case DeliveryAttempt.Permanent p -> failed(n, target, payload, p.reason());
            case null -> failed(n, target, payload, "no attempt made");
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
