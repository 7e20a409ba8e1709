package dev.ferry.batch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import dev.ferry.correlation.CorrelationExtractor;
import dev.ferry.idempotency.PayloadHash;
import dev.ferry.logging.LogContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A consumer of SNS notifications delivered straight to Lambda (an asynchronous invocation, so there is no
 * partial batch response). AT_MOST_ONCE: the invocation always succeeds and failures are counted as lost,
 * which is what fire-and-forget telemetry wants. AT_LEAST_ONCE and EFFECTIVELY_ONCE: an unsettled
 * notification makes the invocation fail with {@link NotificationsFailedException}, so Lambda's
 * asynchronous retries and then the function's on-failure destination or DLQ take over. The idempotency
 * key is the envelope id in the message, else the SNS message id.
 */
public final class SnsEventConsumer {

    /** Thrown to make Lambda retry the invocation; names the notifications that were not settled. */
    public static final class NotificationsFailedException extends RuntimeException {
        private final List<String> messageIds;

        NotificationsFailedException(List<String> messageIds) {
            super("notifications not processed, Lambda will retry the invocation: " + String.join(", ", messageIds));
            this.messageIds = List.copyOf(messageIds);
        }

        public List<String> messageIds() {
            return messageIds;
        }
    }

    private final ConsumerSettings settings;
    private final DeliveryRules rules;
    private final MessageHandler<SNSEvent.SNSRecord> handler;

    public SnsEventConsumer(ConsumerSettings settings, MessageHandler<SNSEvent.SNSRecord> handler) {
        this.settings = settings;
        this.rules = new DeliveryRules(settings);
        this.handler = handler;
    }

    public ConsumerSettings settings() {
        return settings;
    }

    public void handle(SNSEvent event, Context context) {
        List<SNSEvent.SNSRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        List<String> failed = new ArrayList<>();
        LogContext.Scope invocation = LogContext.invocation(context);
        try {
            for (SNSEvent.SNSRecord record : records) {
                String message = record.getSNS().getMessage() == null ? "" : record.getSNS().getMessage();
                String messageId = record.getSNS().getMessageId();
                Delivery delivery = new Delivery(messageId, messageId, MessagePayloads.envelopeId(message).orElse(messageId),
                        PayloadHash.of(message), Optional.empty(), 0, message, CorrelationExtractor.fromSns(record),
                        () -> handler.handle(record));
                if (!rules.deliver(delivery, DeliveryRules.window(context))) {
                    failed.add(messageId);
                }
            }
        } finally {
            rules.flush();
            invocation.close();
        }
        if (!failed.isEmpty()) {
            throw new NotificationsFailedException(failed);
        }
    }
}
