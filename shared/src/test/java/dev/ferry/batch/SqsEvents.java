package dev.ferry.batch;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** SQS events as Lambda delivers them, for tests. */
final class SqsEvents {

    private SqsEvents() {
    }

    static SQSEvent.SQSMessage message(String id, String body) {
        return message(id, body, null, 1);
    }

    static SQSEvent.SQSMessage message(String id, String body, String group, int receiveCount) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId(id);
        m.setBody(body);
        m.setEventSourceArn(group == null ? "arn:aws:sqs:us-east-1:000000000000:jobs" : "arn:aws:sqs:us-east-1:000000000000:jobs.fifo");
        Map<String, String> attributes = new HashMap<>();
        attributes.put("ApproximateReceiveCount", Integer.toString(receiveCount));
        if (group != null) {
            attributes.put("MessageGroupId", group);
        }
        m.setAttributes(attributes);
        m.setMessageAttributes(Map.of());
        return m;
    }

    static SQSEvent event(SQSEvent.SQSMessage... messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(messages));
        return event;
    }
}
