package dev.ferry.batch;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.ferry.envelope.Envelope;
import dev.ferry.envelope.EnvelopeCodec;
import dev.ferry.envelope.EnvelopeFormatException;

/**
 * Adapts an {@link EnvelopeHandler} to a message source: decodes the envelope (unwrapping SNS notifications
 * delivered to SQS without raw delivery) and rejects a message whose envelope is malformed, naming the bad
 * attribute, since no retry can fix it.
 */
public final class EnvelopeHandlers {

    private EnvelopeHandlers() {
    }

    public static <T> MessageHandler<SQSEvent.SQSMessage> sqs(EnvelopeCodec codec, Class<T> payload, EnvelopeHandler<T> handler) {
        return message -> handle(codec, payload, MessagePayloads.sqsPayload(message), handler);
    }

    public static <T> MessageHandler<com.amazonaws.services.lambda.runtime.events.SNSEvent.SNSRecord> sns(EnvelopeCodec codec, Class<T> payload,
                                                                                                   EnvelopeHandler<T> handler) {
        return record -> handle(codec, payload, record.getSNS().getMessage(), handler);
    }

    public static <T> MessageHandler<KinesisEvent.KinesisEventRecord> kinesis(EnvelopeCodec codec, Class<T> payload, EnvelopeHandler<T> handler) {
        return record -> handle(codec, payload, MessagePayloads.kinesisPayload(record), handler);
    }

    private static <T> Outcome handle(EnvelopeCodec codec, Class<T> payload, String json, EnvelopeHandler<T> handler) throws Exception {
        Envelope<T> envelope;
        try {
            envelope = codec.decode(json, payload);
        } catch (EnvelopeFormatException malformed) {
            return Outcome.reject("malformed envelope: " + malformed.getMessage());
        }
        return handler.handle(envelope);
    }
}
