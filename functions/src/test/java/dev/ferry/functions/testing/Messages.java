package dev.ferry.functions.testing;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** SQS, Kinesis, SNS and DynamoDB Streams events in the shapes Lambda delivers, built from recorded fixtures. */
public final class Messages {

    private static long sequence = 1000;

    private Messages() {
    }

    /** A standard-queue batch (raw SNS delivery: the body is the envelope itself). */
    public static SQSEvent sqs(String... bodies) {
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        for (String body : bodies) {
            messages.add(sqsMessage(body, 1));
        }
        return batch(messages);
    }

    public static SQSEvent.SQSMessage sqsMessage(String body, int receiveCount) {
        SQSEvent.SQSMessage m = EventLoader.loadSQSEvent("events/sqs-domain-event.json").getRecords().get(0);
        m.setMessageId(UUID.randomUUID().toString());
        m.setBody(body);
        Map<String, String> attributes = new HashMap<>(m.getAttributes());
        attributes.put("ApproximateReceiveCount", Integer.toString(receiveCount));
        m.setAttributes(attributes);
        return m;
    }

    /** A FIFO message of {@code group}, deduplication id {@code dedup}. */
    public static SQSEvent.SQSMessage fifoMessage(String body, String group, String dedup) {
        SQSEvent.SQSMessage m = EventLoader.loadSQSEvent("events/sqs-fifo-deposit.json").getRecords().get(0);
        m.setMessageId(UUID.randomUUID().toString());
        m.setBody(body);
        Map<String, String> attributes = new HashMap<>(m.getAttributes());
        attributes.put("MessageGroupId", group);
        attributes.put("MessageDeduplicationId", dedup);
        attributes.put("SequenceNumber", Long.toString(++sequence));
        m.setAttributes(attributes);
        return m;
    }

    public static SQSEvent batch(List<SQSEvent.SQSMessage> messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(new ArrayList<>(messages));
        return event;
    }

    /** Kinesis records of one shard, in order, each carrying one payload. */
    public static KinesisEvent kinesis(String... payloads) {
        List<KinesisEvent.KinesisEventRecord> records = new ArrayList<>();
        for (String payload : payloads) {
            KinesisEvent.KinesisEventRecord r = EventLoader.loadKinesisEvent("events/kinesis-event-log.json").getRecords().get(0);
            String seq = Long.toString(++sequence);
            r.getKinesis().setSequenceNumber(seq);
            r.getKinesis().setData(ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8)));
            r.setEventID("shardId-000000000000:" + seq);
            records.add(r);
        }
        KinesisEvent event = new KinesisEvent();
        event.setRecords(records);
        return event;
    }

    public static SNSEvent telemetryFixture() {
        return EventLoader.loadSNSEvent("events/sns-telemetry.json");
    }

    public static DynamodbEvent outboxStreamFixture() {
        return EventLoader.loadDynamoDbEvent("events/dynamodb-outbox-insert.json");
    }
}
