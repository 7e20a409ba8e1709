package dev.ferry.batch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ferry.correlation.CorrelationContext;
import dev.ferry.correlation.CorrelationExtractor;
import dev.ferry.idempotency.PayloadHash;
import dev.ferry.logging.LogContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The stream rules shared by Kinesis and DynamoDB Streams consumers: records in order, stop at the first
 * record that is not settled; that record alone is reported, so Lambda checkpoints just before it and retries from it; nothing after it
 * runs in this batch, so nothing runs out of order or twice. Poison records rely on the event source
 * mapping's retry limit and on-failure destination, or, for {@link Outcome.Reject}, on the consumer's
 * dead-letter destination, after which processing goes on.
 */
final class StreamBatch<R> {

    private final DeliveryRules rules;
    private final MessageHandler<R> handler;
    private final Function<R, Delivery.Parts> parts;

    StreamBatch(ConsumerSettings settings, MessageHandler<R> handler, Function<R, Delivery.Parts> parts) {
        this.rules = new DeliveryRules(settings);
        this.handler = handler;
        this.parts = parts;
    }

    /** Kinesis: key = the envelope id in the data (else the record's event id), item = sequence number. */
    static StreamBatch<KinesisEvent.KinesisEventRecord> kinesis(ConsumerSettings settings,
                                                                              MessageHandler<KinesisEvent.KinesisEventRecord> handler) {
        return new StreamBatch<>(settings, handler, r -> {
            String payload = MessagePayloads.kinesisPayload(r);
            return new Delivery.Parts(r.getKinesis().getSequenceNumber(), MessagePayloads.kinesisKey(r), PayloadHash.of(payload),
                    payload, CorrelationExtractor.fromKinesis(r));
        });
    }

    /** DynamoDB Streams: key = the record's event id, item = sequence number. */
    static StreamBatch<DynamodbEvent.DynamodbStreamRecord> dynamodb(ConsumerSettings settings,
                                                                                   MessageHandler<DynamodbEvent.DynamodbStreamRecord> handler) {
        return new StreamBatch<>(settings, handler, r -> {
            String body = String.valueOf(r.getDynamodb().getNewImage() != null ? r.getDynamodb().getNewImage() : r.getDynamodb().getKeys());
            return new Delivery.Parts(r.getDynamodb().getSequenceNumber(), r.getEventID(), PayloadHash.of(r.getEventID()), body,
                    CorrelationContext.newConversation().causedBy(r.getEventID()));
        });
    }

    StreamsEventResponse handle(List<R> records, Context context) {
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>(1);
        LogContext.Scope invocation = LogContext.invocation(context);
        try {
            for (int i = 0; i < records.size(); i++) {
                R record = records.get(i);
                Delivery.Parts p = parts.apply(record);
                Delivery delivery = new Delivery(p.itemIdentifier(), p.itemIdentifier(), p.key(), p.payloadHash(), Optional.empty(),
                        0, p.body(), p.correlation(), () -> handler.handle(record));
                if (rules.outOfTime(context) || !rules.deliver(delivery, DeliveryRules.window(context))) {
                    failures.add(new StreamsEventResponse.BatchItemFailure(p.itemIdentifier()));
                    rules.count("MessagesSkippedBehindFailure", records.size() - i - 1);
                    break;
                }
            }
        } finally {
            // Flushed while the invocation is still current, so the metrics carry its function and request id.
            rules.flush();
            invocation.close();
        }
        return new StreamsEventResponse(failures);
    }
}
