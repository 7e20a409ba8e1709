package dev.ferry.batch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.ferry.correlation.CorrelationExtractor;
import dev.ferry.idempotency.PayloadHash;
import dev.ferry.logging.LogContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Handles an SQS batch with partial batch responses ({@code ReportBatchItemFailures}). Standard queues:
 * each message settles on its own. FIFO queues: a message that is not settled fails the rest of its own
 * message group in this batch (they are reported without being run, so the group's order holds); other
 * groups go on. Poison: a message still asking for a retry at its {@code maxAttempts}-th receive
 * ({@code ApproximateReceiveCount}) goes to the dead-letter destination with its reason.
 */
public final class SqsBatchConsumer {

    private final ConsumerSettings settings;
    private final DeliveryRules rules;
    private final MessageHandler<SQSEvent.SQSMessage> handler;

    public SqsBatchConsumer(ConsumerSettings settings, MessageHandler<SQSEvent.SQSMessage> handler) {
        this.settings = settings;
        this.rules = new DeliveryRules(settings);
        this.handler = handler;
    }

    public ConsumerSettings settings() {
        return settings;
    }

    public SQSBatchResponse handle(SQSEvent event, Context context) {
        List<SQSEvent.SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        Set<String> blockedGroups = new HashSet<>();
        LogContext.Scope invocation = LogContext.invocation(context);
        try {
            boolean outOfTime = false;
            for (SQSEvent.SQSMessage message : messages) {
                outOfTime = outOfTime || rules.outOfTime(context);
                if (outOfTime) {
                    // Not started: reported so SQS redelivers it, rather than lost to a timeout with the whole batch.
                    failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                    continue;
                }
                Optional<String> group = groupOf(message);
                if (group.isPresent() && blockedGroups.contains(group.get())) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                    rules.count("MessagesSkippedBehindFailure");
                    continue;
                }
                if (!rules.deliver(delivery(message, group), DeliveryRules.window(context))) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                    group.ifPresent(blockedGroups::add);
                }
            }
        } finally {
            // Flushed while the invocation is still current, so the metrics carry its function and request id.
            rules.flush();
            invocation.close();
        }
        return new SQSBatchResponse(failures);
    }

    private Delivery delivery(SQSEvent.SQSMessage message, Optional<String> group) {
        String payload = MessagePayloads.sqsPayload(message);
        return new Delivery(message.getMessageId(), message.getMessageId(), MessagePayloads.sqsKey(message), PayloadHash.of(payload),
                group, receiveCount(message), message.getBody() == null ? "" : message.getBody(),
                CorrelationExtractor.fromSqs(message), () -> handler.handle(message));
    }

    static Optional<String> groupOf(SQSEvent.SQSMessage message) {
        Map<String, String> attributes = message.getAttributes() == null ? Map.of() : message.getAttributes();
        return Optional.ofNullable(attributes.get("MessageGroupId")).filter(g -> !g.isEmpty());
    }

    static int receiveCount(SQSEvent.SQSMessage message) {
        Map<String, String> attributes = message.getAttributes() == null ? Map.of() : message.getAttributes();
        try {
            return Integer.parseInt(attributes.getOrDefault("ApproximateReceiveCount", "1"));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
