package dev.ferry.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A queue of {@code ferry load}'s own, subscribed to the workflow's domain-events topic for one run (not raw, so that
 * each message keeps SNS's notification envelope): every event the outbox relay publishes arrives with three times,
 * the event's own {@code time} (when a function raised it), SNS's {@code Timestamp} (when SNS accepted the relay's
 * publish) and the queue's {@code SentTimestamp} (when SNS delivered it to a queue, as it did to the consumer queues
 * subscribed beside it). What an order's hops are timed with.
 *
 * <p>The Kinesis event log is no substitute: the relay appends to it only after SNS accepted a whole batch, by which
 * time a consumer may already have handled the first events of the batch.
 */
final class DomainEventTap implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One event as the tap saw it.
     *
     * @param time      the envelope's {@code time}: when the function created the event
     * @param published when SNS accepted it (the notification's {@code Timestamp})
     * @param queued    when SNS put it in a queue (the tap queue's {@code SentTimestamp})
     */
    record TappedEvent(String id, String type, String correlationId, Instant time, Instant published, Instant queued) {}

    private final SqsClient sqs;
    private final SnsClient sns;
    private final String queueUrl;
    private final String subscriptionArn;

    private DomainEventTap(SqsClient sqs, SnsClient sns, String queueUrl, String subscriptionArn) {
        this.sqs = sqs;
        this.sns = sns;
        this.queueUrl = queueUrl;
        this.subscriptionArn = subscriptionArn;
    }

    /** Creates {@code queueName} and subscribes it to the topic named {@code topicName}. */
    static DomainEventTap open(SqsClient sqs, SnsClient sns, String topicName, String queueName) {
        String topicArn = topicArn(sns, topicName);
        String queueUrl = sqs.createQueue(b -> b.queueName(queueName)).queueUrl();
        try {
            String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            String subscription = sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn)
                    .returnSubscriptionArn(true)).subscriptionArn();
            return new DomainEventTap(sqs, sns, queueUrl, subscription);
        } catch (RuntimeException e) {
            sqs.deleteQueue(b -> b.queueUrl(queueUrl));
            throw e;
        }
    }

    private static String topicArn(SnsClient sns, String topicName) {
        return sns.listTopicsPaginator(b -> {}).topics().stream().map(t -> t.topicArn())
                .filter(arn -> arn.endsWith(":" + topicName)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no SNS topic " + topicName));
    }

    /**
     * The events tapped so far whose correlation id starts with {@code correlationPrefix}, receiving until
     * {@code enough} says so or the queue stays empty for a few seconds. Each message is read once (it stays
     * invisible until the queue is deleted).
     */
    List<TappedEvent> collect(String correlationPrefix, java.util.function.Predicate<List<TappedEvent>> enough) {
        List<TappedEvent> events = new ArrayList<>();
        int emptyReceives = 0;
        while (emptyReceives < 3 && !enough.test(events)) {
            List<Message> page = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .visibilityTimeout(3600).messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP)).messages();
            emptyReceives = page.isEmpty() ? emptyReceives + 1 : 0;
            for (Message m : page) {
                parse(m.body(), m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP))
                        .filter(e -> e.correlationId().startsWith(correlationPrefix)).ifPresent(events::add);
            }
        }
        return events;
    }

    /** An SNS notification (its envelope around the event's envelope) and the queue's SentTimestamp. */
    static Optional<TappedEvent> parse(String notification, String sentTimestamp) {
        try {
            JsonNode n = JSON.readTree(notification);
            JsonNode e = JSON.readTree(n.path("Message").asText());
            if (!e.hasNonNull("type") || !e.hasNonNull("time") || !e.hasNonNull("correlationid") || !n.hasNonNull("Timestamp")
                    || sentTimestamp == null) {
                return Optional.empty();
            }
            return Optional.of(new TappedEvent(e.path("id").asText(), e.get("type").asText(), e.get("correlationid").asText(),
                    Instant.parse(e.get("time").asText()), Instant.parse(n.get("Timestamp").asText()),
                    Instant.ofEpochMilli(Long.parseLong(sentTimestamp))));
        } catch (IOException | RuntimeException notAnEvent) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        try {
            sns.unsubscribe(b -> b.subscriptionArn(subscriptionArn));
        } finally {
            sqs.deleteQueue(b -> b.queueUrl(queueUrl));
        }
    }
}
