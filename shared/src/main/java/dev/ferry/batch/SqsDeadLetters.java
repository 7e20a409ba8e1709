package dev.ferry.batch;

import dev.ferry.correlation.CorrelationExtractor;
import dev.ferry.idempotency.PayloadHash;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Dead letters as SQS messages: the original body, with the reason, source id, consumer and attempts as
 * message attributes (plus the correlation ids, so the trace continues into the DLQ). On a FIFO queue the
 * original message group is kept and the source id deduplicates repeated sends.
 */
public final class SqsDeadLetters implements DeadLetters {

    public static final String REASON = "ferry-failure-reason";
    public static final String SOURCE_ID = "ferry-source-id";
    public static final String CONSUMER = "ferry-consumer";
    public static final String ATTEMPTS = "ferry-attempts";
    private static final int MAX_REASON = 1024;

    private final SqsClient sqs;
    private final String queueUrl;
    private final boolean fifo;

    public SqsDeadLetters(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.fifo = queueUrl.endsWith(".fifo");
    }

    @Override
    public void send(DeadLetter letter) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        attributes.put(REASON, text(letter.reason().length() > MAX_REASON ? letter.reason().substring(0, MAX_REASON) : letter.reason()));
        attributes.put(SOURCE_ID, text(letter.sourceId()));
        attributes.put(CONSUMER, text(letter.consumer()));
        attributes.put(ATTEMPTS, MessageAttributeValue.builder().dataType("Number").stringValue(Integer.toString(letter.attempts())).build());
        attributes.put(CorrelationExtractor.ATTRIBUTE_CORRELATION_ID, text(letter.correlation().correlationId()));
        letter.correlation().causationId().ifPresent(c -> attributes.put(CorrelationExtractor.ATTRIBUTE_CAUSATION_ID, text(c)));
        SendMessageRequest.Builder request = SendMessageRequest.builder()
                .queueUrl(queueUrl)
                .messageBody(letter.body().isEmpty() ? "(empty body)" : letter.body())
                .messageAttributes(attributes);
        if (fifo) {
            request.messageGroupId(letter.groupId().orElse(letter.consumer()))
                    .messageDeduplicationId(PayloadHash.ofParts(letter.consumer(), letter.sourceId()));
        }
        sqs.sendMessage(request.build());
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value == null || value.isEmpty() ? "-" : value).build();
    }
}
