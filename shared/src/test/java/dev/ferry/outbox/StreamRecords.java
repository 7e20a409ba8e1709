package dev.ferry.outbox;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.ferry.envelope.Envelope;
import dev.ferry.envelope.EnvelopeCodec;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** DynamoDB stream records shaped like those the outbox writes, for relay tests. */
final class StreamRecords {

    record Payload(String note) {
    }

    private StreamRecords() {
    }

    static Envelope<Payload> event(String id, String subject) {
        return new Envelope<>(id, "/ferry/test", "com.ferry.test.Happened.v1", subject, Instant.parse("2026-11-30T10:00:00Z"),
                new Payload("n"), "corr-" + id, Optional.empty());
    }

    static DynamodbEvent.DynamodbStreamRecord outboxInsert(long sequence, Envelope<?> event) {
        Map<String, AttributeValue> image = new HashMap<>();
        image.put("id", s(OutboxRecord.KEY_PREFIX + event.id()));
        image.put(OutboxRecord.KIND, s(OutboxRecord.KIND_VALUE));
        image.put(OutboxRecord.EVENT_ID, s(event.id()));
        image.put(OutboxRecord.TYPE, s(event.type()));
        image.put(OutboxRecord.SUBJECT, s(event.subject()));
        image.put(OutboxRecord.CORRELATION_ID, s(event.correlationId()));
        image.put(OutboxRecord.ENVELOPE, s(EnvelopeCodec.untyped().encode(event)));
        return record(sequence, "INSERT", image);
    }

    static DynamodbEvent.DynamodbStreamRecord record(long sequence, String eventName, Map<String, AttributeValue> newImage) {
        StreamRecord stream = new StreamRecord();
        stream.setSequenceNumber(Long.toString(sequence));
        stream.setNewImage(newImage);
        stream.setKeys(Map.of("id", newImage == null ? s("x") : newImage.getOrDefault("id", s("x"))));
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventID("ev-" + sequence);
        record.setEventName(eventName);
        record.setDynamodb(stream);
        return record;
    }

    static DynamodbEvent event(List<DynamodbEvent.DynamodbStreamRecord> records) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records);
        return event;
    }

    static AttributeValue s(String value) {
        return new AttributeValue().withS(value);
    }
}
