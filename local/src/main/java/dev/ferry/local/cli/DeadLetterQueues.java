package dev.ferry.local.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.TreeMap;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * The dead-letter queues of a deployment, found through the queues themselves: every queue that is the
 * {@code deadLetterTargetArn} of another queue's {@code RedrivePolicy}, plus the on-failure destinations of
 * the stream mappings (which no redrive policy names). Works the same on the local cloud and in AWS.
 */
final class DeadLetterQueues {

    /** A dead-letter queue with its depth and the queues that send to it. */
    record Dlq(String name, String url, String arn, long depth, long inFlight, List<String> sources, boolean onFailureDestination) {
        Dlq {
            sources = List.copyOf(sources);
        }
    }

    /** One message, not consumed: its body, when it was sent and how often received, its attributes. */
    record Letter(String messageId, String body, Optional<Instant> sent, int receiveCount, Map<String, String> attributes) {
        Letter {
            attributes = Map.copyOf(attributes);
        }
    }

    /** The outcome of a redrive: how many messages moved, and the task's final status. */
    record Redrive(String taskHandle, String status, long moved, long toMove, Optional<String> failureReason) {}

    private final SqsClient sqs;
    private final String prefix;
    private final Predicate<String> isOnFailureQueue;

    /**
     * @param prefix              only queues whose names start with it (a stage, e.g. {@code dev-}); may be empty
     * @param isOnFailureQueue  whether the queue of this name takes the stream mappings' failure records
     */
    DeadLetterQueues(SqsClient sqs, String prefix, Predicate<String> isOnFailureQueue) {
        this.sqs = sqs;
        this.prefix = prefix;
        this.isOnFailureQueue = isOnFailureQueue;
    }

    /** Every dead-letter queue, by name. */
    List<Dlq> list() {
        Map<String, String> urlsByArn = new LinkedHashMap<>();
        Map<String, List<String>> sourcesByDlqArn = new TreeMap<>();
        for (String url : sqs.listQueuesPaginator(r -> r.queueNamePrefix(prefix).maxResults(1000)).queueUrls()) {
            Map<QueueAttributeName, String> attributes = attributes(url, QueueAttributeName.QUEUE_ARN, QueueAttributeName.REDRIVE_POLICY);
            String arn = attributes.get(QueueAttributeName.QUEUE_ARN);
            if (arn == null) continue; // deleted since the listing: nothing to show, and no ARN to key it by
            urlsByArn.put(arn, url);
            Optional.ofNullable(attributes.get(QueueAttributeName.REDRIVE_POLICY)).flatMap(DeadLetterQueues::targetArn)
                    .ifPresent(target -> sourcesByDlqArn.computeIfAbsent(target, t -> new ArrayList<>()).add(nameOf(url)));
        }
        urlsByArn.forEach((arn, url) -> {
            if (isOnFailureQueue.test(nameOf(url))) sourcesByDlqArn.computeIfAbsent(arn, a -> new ArrayList<>());
        });
        List<Dlq> dlqs = new ArrayList<>();
        sourcesByDlqArn.forEach((arn, sources) -> {
            String url = urlsByArn.get(arn);
            if (url == null) return; // the policy names a queue outside the prefix or one that is gone
            Map<QueueAttributeName, String> a = attributes(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
            dlqs.add(new Dlq(nameOf(url), url, arn, number(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
                    number(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)), sources,
                    isOnFailureQueue.test(nameOf(url))));
        });
        dlqs.sort((a, b) -> a.name().compareTo(b.name()));
        return dlqs;
    }

    /** The dead-letter queue named (or whose name ends with) {@code name}; a clear error when there is none or several. */
    Dlq find(String name) {
        List<Dlq> all = list();
        List<Dlq> exact = all.stream().filter(d -> d.name().equals(name)).toList();
        if (exact.size() == 1) return exact.getFirst();
        List<Dlq> matches = all.stream().filter(d -> d.name().endsWith(name) || d.name().endsWith(name + "-dlq")
                || d.name().endsWith(name + "-dlq.fifo")).toList();
        if (matches.size() == 1) return matches.getFirst();
        String known = all.stream().map(Dlq::name).toList().toString();
        throw new IllegalArgumentException(matches.isEmpty()
                ? "no dead-letter queue named '" + name + "'; the dead-letter queues are " + known
                : "'" + name + "' matches several dead-letter queues: " + matches.stream().map(Dlq::name).toList());
    }

    /**
     * Up to {@code max} messages, left on the queue: received with a visibility timeout of zero, so that
     * they stay visible (each look raises their receive count by one, as in the console's poll).
     */
    List<Letter> peek(Dlq dlq, int max) {
        Map<String, Letter> letters = new LinkedHashMap<>();
        for (int attempt = 0; attempt < 3 && letters.size() < max; attempt++) {
            int wait = attempt == 0 ? 0 : 1;
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(dlq.url()).maxNumberOfMessages(Math.min(10, max))
                    .visibilityTimeout(0).waitTimeSeconds(wait)
                    .messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP,
                            MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
            for (Message m : messages) {
                if (letters.size() >= max) break;
                Map<String, String> attributes = new TreeMap<>();
                m.messageAttributes().forEach((k, v) -> attributes.put(k, v.stringValue() != null ? v.stringValue() : "(binary)"));
                letters.putIfAbsent(m.messageId(), new Letter(m.messageId(), m.body(),
                        Optional.ofNullable(m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP))
                                .map(t -> Instant.ofEpochMilli(Long.parseLong(t))),
                        (int) number(m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)), attributes));
            }
            if (messages.isEmpty() && attempt > 0) break;
        }
        return List.copyOf(letters.values());
    }

    /**
     * Moves the queue's messages back to the queue that sent them there, with StartMessageMoveTask, and waits
     * up to {@code timeout} for the task to finish. The destination is named explicitly: messages a consumer
     * sent itself (with the failure reason) have no redrive source SQS could infer.
     */
    Redrive redrive(Dlq dlq, Duration timeout) throws InterruptedException {
        if (dlq.onFailureDestination()) {
            throw new IllegalArgumentException(dlq.name() + " holds stream on-failure records (pointers to shard ranges), "
                    + "not the events: there is no source queue to move them to; 'ferry dlq redrive " + dlq.name()
                    + "' re-processes each range from its stream instead");
        }
        if (dlq.sources().size() != 1) {
            throw new IllegalArgumentException(dlq.name() + " is the dead-letter queue of " + dlq.sources()
                    + "; a redrive needs exactly one source queue");
        }
        String sourceUrl = sqs.getQueueUrl(r -> r.queueName(dlq.sources().getFirst())).queueUrl();
        String sourceArn = attributes(sourceUrl, QueueAttributeName.QUEUE_ARN).get(QueueAttributeName.QUEUE_ARN);
        String handle = sqs.startMessageMoveTask(r -> r.sourceArn(dlq.arn()).destinationArn(sourceArn)).taskHandle();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<ListMessageMoveTasksResultEntry> task = sqs.listMessageMoveTasks(r -> r.sourceArn(dlq.arn()).maxResults(10))
                    .results().stream().filter(t -> handle.equals(t.taskHandle()) || t.taskHandle() == null).findFirst();
            String status = task.map(ListMessageMoveTasksResultEntry::status).orElse("UNKNOWN");
            if (!status.equals("RUNNING") || System.nanoTime() > deadline) {
                return new Redrive(handle, status,
                        task.map(ListMessageMoveTasksResultEntry::approximateNumberOfMessagesMoved).orElse(0L),
                        task.map(ListMessageMoveTasksResultEntry::approximateNumberOfMessagesToMove).orElse(0L),
                        task.map(ListMessageMoveTasksResultEntry::failureReason));
            }
            Thread.sleep(100);
        }
    }

    private Map<QueueAttributeName, String> attributes(String url, QueueAttributeName... names) {
        try {
            return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(names)).attributes();
        } catch (QueueDoesNotExistException e) {
            return Map.of(); // deleted between the listing and now
        }
    }

    /** {@code deadLetterTargetArn} from a RedrivePolicy document; empty when it has none. */
    static Optional<String> targetArn(String redrivePolicy) {
        try {
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(redrivePolicy).path("deadLetterTargetArn");
            return node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Optional.empty();
        }
    }

    static String nameOf(String queueUrl) {
        return queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
    }

    private static long number(String text) {
        try {
            return text == null ? 0 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
