package dev.ferry.local.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code ferry demo --poison}: puts a malformed message (no event envelope) on a consumer queue of the running
 * {@code up}, waits until it has landed in that queue's dead-letter queue, and prints the {@code ferry dlq} commands
 * to try on it. Ferry's consumers set such a message aside at once, with the reason, instead of retrying what can never
 * succeed; a consumer without that logic gets it there through the queue's redrive policy, after
 * {@code maxReceiveCount} failed receives. Either way, the walkthrough waits for the dead-letter queue to grow.
 */
final class PoisonWalkthrough {
    /** The workflow's queue to poison when it exists: its consumer says why it gave up (docs/architecture.md). */
    static final String PREFERRED_QUEUE = "payments-order-placed";

    /** What happened: the queue poisoned, its dead-letter queue, the message and how long it took to get there. */
    record Outcome(String queue, String deadLetterQueue, String body, Duration took) {}

    /** Raised when the message does not reach the dead-letter queue in time, or there is no queue to poison. */
    static final class PoisonFailure extends RuntimeException {
        PoisonFailure(String message) {
            super(message);
        }
    }

    private final SqsClient sqs;
    private final DeadLetterQueues dlqs;
    private final PrintStream out;
    private final Duration timeout;
    private final String run;
    private final Instance instance;

    PoisonWalkthrough(SqsClient sqs, DeadLetterQueues dlqs, PrintStream out, Duration timeout, String run, Instance instance) {
        this.sqs = sqs;
        this.dlqs = dlqs;
        this.out = out;
        this.timeout = timeout;
        this.run = run;
        this.instance = instance;
    }

    /**
     * The dead-letter queue to fill: one that a single standard (not FIFO) queue sends to, the workflow's
     * {@value #PREFERRED_QUEUE} first.
     */
    static Optional<DeadLetterQueues.Dlq> target(List<DeadLetterQueues.Dlq> all) {
        return all.stream().filter(d -> !d.onFailureDestination() && d.sources().size() == 1 && !d.sources().getFirst().endsWith(".fifo"))
                .min(Comparator.comparing((DeadLetterQueues.Dlq d) -> !d.sources().getFirst().endsWith(PREFERRED_QUEUE))
                        .thenComparing(DeadLetterQueues.Dlq::name));
    }

    Outcome play() throws InterruptedException {
        DeadLetterQueues.Dlq dlq = target(dlqs.list()).orElseThrow(() -> new PoisonFailure(
                "the running system has no standard queue with a dead-letter queue (a RedrivePolicy) to poison"));
        String queue = dlq.sources().getFirst();
        String queueUrl = sqs.getQueueUrl(r -> r.queueName(queue)).queueUrl();
        long before = depth(dlq.url());
        String body = "{\"not\":\"an event\",\"run\":\"" + run + "\"}";
        long started = System.nanoTime();
        String messageId = sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body)).messageId();
        step("1", "a malformed message", "sent to " + queue + ": " + body + " (message " + messageId + ")");
        long deadline = started + timeout.toNanos();
        long now = before;
        while (now <= before) {
            if (System.nanoTime() > deadline) {
                throw new PoisonFailure("the message did not reach " + dlq.name() + " within " + timeout.toSeconds() + " s (it holds "
                        + now + "): is the consumer of " + queue + " running? '" + "./ferry logs" + instance.option()
                        + "' shows what it did; a longer --timeout waits for a redrive policy's retries");
            }
            Thread.sleep(200);
            now = depth(dlq.url());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        step("2", "dead-lettered", String.format("after %.1f s: %s holds %d message(s)", took.toMillis() / 1000.0, dlq.name(), now));
        out.println("                             (the consumer could not read it, and set it aside with the reason rather than");
        out.println("                             retry it; a message that failed for another reason would get there after");
        out.println("                             the queue's maxReceiveCount receives)");
        out.println("now try:");
        String option = instance.option();
        int width = ("./ferry dlq redrive " + dlq.name() + option).length() + 2;
        command(width, "./ferry dlq" + option, "the dead-letter queues and how many messages each holds");
        command(width, "./ferry dlq show " + dlq.name() + option, "the message, and why its consumer gave up on it");
        command(width, "./ferry dlq redrive " + dlq.name() + option, "moves it back to " + queue + ": it fails again and returns,");
        command(width, "", "as a message that can never succeed does; a fixed consumer would take it");
        return new Outcome(queue, dlq.name(), body, took);
    }

    private long depth(String url) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"))
                + Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"));
    }

    private void step(String number, String what, String result) {
        out.printf("%2s. %-24s %s%n", number, what, result);
        out.flush();
    }

    private void command(int width, String command, String what) {
        out.printf("  %-" + width + "s%s%n", command, what);
    }
}
