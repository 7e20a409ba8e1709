package dev.ferry.local.schedule;

import dev.ferry.local.deployment.ScheduleRuleSpec;
import dev.ferry.local.deployment.ScheduleRuleSpec.Target;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * EventBridge's side of delivering a scheduled event to a Lambda target: hand it to Lambda's asynchronous
 * queue; if that fails, retry within the target's {@code RetryPolicy} and then send the event to its
 * dead-letter queue, or drop it (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html).
 * Failures that retrying cannot fix ({@link TargetDeliveryException#retryable()} false, e.g. a missing
 * function) go to the dead-letter queue at once. What the function then does with the event (errors,
 * retries, destinations) is Lambda's business, as on AWS.
 */
public final class TargetDelivery implements AutoCloseable {

    /** Lambda's Invoke with InvocationType Event: returns the request id, or throws. */
    @FunctionalInterface
    public interface Invoker {
        String invokeAsync(String functionArn, byte[] payload);
    }

    /** Sends a message with string attributes to an SQS queue given by ARN. */
    @FunctionalInterface
    public interface DeadLetterQueue {
        void send(String queueArn, String body, Map<String, String> attributes);
    }

    private final Invoker invoker;
    private final DeadLetterQueue deadLetters;
    private final Duration retryDelay;
    private final SchedulerClock clock;
    private final PrintStream log;
    private final ExecutorService retries = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    /**
     * @param retryDelay pause between delivery retries (EventBridge backs off exponentially with jitter; a
     *                   fixed pause keeps local runs short)
     */
    public TargetDelivery(Invoker invoker, DeadLetterQueue deadLetters, Duration retryDelay, SchedulerClock clock,
                          PrintStream log) {
        this.invoker = invoker;
        this.deadLetters = deadLetters;
        this.retryDelay = retryDelay;
        this.clock = clock;
        this.log = log;
    }

    /** Delivers {@code event} to {@code target}; a failed first attempt goes on retrying in the background. */
    DeliveryOutcome deliver(ScheduleRuleSpec rule, Target target, ScheduledEvent event) {
        Instant accepted = clock.now();
        byte[] payload = event.payloadFor(target).getBytes(StandardCharsets.UTF_8);
        TargetDeliveryException failure;
        try {
            return new DeliveryOutcome.Accepted(invoker.invokeAsync(target.functionArn(), payload));
        } catch (RuntimeException e) {
            failure = failure(e);
        }
        if (!failure.retryable()) {
            return giveUp(rule, target, event, failure, 0, null);
        }
        if (target.retryPolicy().maximumRetryAttempts() == 0) {
            return giveUp(rule, target, event, failure, 0, "MaximumRetryAttempts");
        }
        TargetDeliveryException first = failure;
        retries.execute(() -> retry(rule, target, event, payload, first, accepted));
        return new DeliveryOutcome.Retrying(failure.errorCode(), failure.getMessage());
    }

    private void retry(ScheduleRuleSpec rule, Target target, ScheduledEvent event, byte[] payload,
                       TargetDeliveryException failure, Instant accepted) {
        ScheduleRuleSpec.RetryPolicy policy = target.retryPolicy();
        Instant expires = accepted.plus(policy.maximumEventAge());
        int attempts = 0;
        try {
            while (attempts < policy.maximumRetryAttempts()) {
                Instant next = clock.now().plus(retryDelay);
                if (next.isAfter(expires)) {
                    giveUp(rule, target, event, failure, attempts, "MaximumEventAgeInSeconds");
                    return;
                }
                clock.sleepUntil(next);
                attempts++;
                try {
                    invoker.invokeAsync(target.functionArn(), payload);
                    return;
                } catch (RuntimeException e) {
                    failure = failure(e);
                    if (!failure.retryable()) {
                        giveUp(rule, target, event, failure, attempts, null);
                        return;
                    }
                }
            }
            giveUp(rule, target, event, failure, attempts, "MaximumRetryAttempts");
        } catch (InterruptedException e) {
            // The runtime is closing: the event is abandoned, as an undelivered event is when EventBridge stops.
            Thread.currentThread().interrupt();
        }
    }

    /** @param exhausted the retry condition that ran out, or null when the failure was not retried */
    private DeliveryOutcome giveUp(ScheduleRuleSpec rule, Target target, ScheduledEvent event,
                                   TargetDeliveryException failure, int retryAttempts, String exhausted) {
        if (target.deadLetterQueueArn().isEmpty()) {
            dropped.incrementAndGet();
            log.println("[schedule] " + rule.name() + " -> " + target.functionArn() + ": event " + event.id()
                    + " dropped after " + retryAttempts + " retries (" + failure.errorCode() + ": " + failure.getMessage()
                    + "); give the target a DeadLetterConfig to keep such events");
            return new DeliveryOutcome.Dropped(failure.errorCode(), failure.getMessage());
        }
        String queue = target.deadLetterQueueArn().get();
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("RULE_ARN", rule.arn());
        attributes.put("TARGET_ARN", target.functionArn());
        attributes.put("ERROR_CODE", failure.errorCode());
        attributes.put("ERROR_MESSAGE", failure.getMessage());
        if (exhausted != null) {
            attributes.put("EXHAUSTED_RETRY_CONDITION", exhausted);
        }
        attributes.put("RETRY_ATTEMPTS", Integer.toString(retryAttempts));
        try {
            deadLetters.send(queue, event.text(), attributes);
            deadLettered.incrementAndGet();
        } catch (RuntimeException e) {
            dropped.incrementAndGet();
            log.println("[schedule] " + rule.name() + ": event " + event.id() + " could not be sent to its dead-letter queue "
                    + queue + " and is lost: " + e.getMessage());
            return new DeliveryOutcome.Dropped(failure.errorCode(), failure.getMessage());
        }
        return new DeliveryOutcome.DeadLettered(failure.errorCode(), failure.getMessage(), queue);
    }

    private static TargetDeliveryException failure(RuntimeException e) {
        return e instanceof TargetDeliveryException t ? t
                : new TargetDeliveryException("CONNECTION_FAILURE", String.valueOf(e.getMessage()), true);
    }

    /** Events given up and sent to a dead-letter queue. */
    public long deadLettered() {
        return deadLettered.get();
    }

    /** Events given up with no dead-letter queue (or one that could not take them): lost. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        retries.shutdownNow();
    }
}
