package dev.ferry.local.cli;

import dev.ferry.local.redrive.RangeRedrive;
import dev.ferry.local.redrive.RedriveOutcome;
import dev.ferry.local.redrive.StreamFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Redrives a stream mappings' on-failure queue: each message is received with a visibility timeout (so that no
 * other reader takes it meanwhile and, should this process die, it comes back by itself), its range is
 * redriven, and it is deleted only when the whole range was processed. Every other message is made visible
 * again when the run ends, so that it stays on the queue for the next attempt.
 */
final class StreamFailureRedrive {
    /** Longer than Lambda's longest function timeout (15 minutes): a message is never given out twice mid-redrive. */
    static final Duration VISIBILITY = Duration.ofMinutes(16);

    /** One message and how its redrive ended; the failure record is empty when the message is not one. */
    record Report(String messageId, Optional<StreamFailure> failure, RedriveOutcome outcome) {}

    private final SqsClient sqs;
    private final RangeRedrive redrive;

    StreamFailureRedrive(SqsClient sqs, RangeRedrive redrive) {
        this.sqs = sqs;
        this.redrive = redrive;
    }

    /** Redrives every message on the queue, telling {@code progress} about each as it ends; returns them all. */
    List<Report> redriveAll(DeadLetterQueues.Dlq dlq, Consumer<Report> progress) {
        List<Report> reports = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<String> keptReceipts = new ArrayList<>();
        try {
            while (true) {
                List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(dlq.url()).maxNumberOfMessages(1)
                        .visibilityTimeout((int) VISIBILITY.toSeconds()).waitTimeSeconds(1)).messages();
                if (messages.isEmpty()) return reports;
                Message m = messages.getFirst();
                if (!seen.add(m.messageId())) {
                    // Back although it was received in this run: its visibility ran out, so every message has had its turn.
                    keptReceipts.add(m.receiptHandle());
                    return reports;
                }
                Report report = redriveOne(dlq, m);
                if (report.outcome().processed()) {
                    sqs.deleteMessage(r -> r.queueUrl(dlq.url()).receiptHandle(m.receiptHandle()));
                } else {
                    keptReceipts.add(m.receiptHandle());
                }
                reports.add(report);
                progress.accept(report);
            }
        } finally {
            release(dlq, keptReceipts);
        }
    }

    private Report redriveOne(DeadLetterQueues.Dlq dlq, Message m) {
        StreamFailure failure;
        try {
            failure = StreamFailure.parse(m.body());
        } catch (IllegalArgumentException e) {
            return new Report(m.messageId(), Optional.empty(), new RedriveOutcome.NotRedriven(e.getMessage()));
        }
        try {
            return new Report(m.messageId(), Optional.of(failure), redrive.redrive(failure, dlq.arn()));
        } catch (RuntimeException e) {
            return new Report(m.messageId(), Optional.of(failure), new RedriveOutcome.NotRedriven("the redrive failed: " + e));
        }
    }

    /** Makes the kept messages visible at once instead of after {@link #VISIBILITY}. */
    private void release(DeadLetterQueues.Dlq dlq, List<String> receipts) {
        for (String receipt : receipts) {
            try {
                sqs.changeMessageVisibility(r -> r.queueUrl(dlq.url()).receiptHandle(receipt).visibilityTimeout(0));
            } catch (SdkException e) {
                // it comes back by itself when its visibility timeout ends
            }
        }
    }
}
