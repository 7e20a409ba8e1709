package dev.ferry.correlation;

import java.util.HashMap;
import java.util.Map;

/**
 * Message attributes that carry a correlation context on messages a handler sends itself (a command put
 * on a queue, a notification published directly), named as the envelope extensions so consumers and SNS
 * filter policies read them the same way: {@code correlationid}, {@code causationid}.
 */
public final class CorrelationAttributes {

    private CorrelationAttributes() {
    }

    /** For {@code SendMessage}/{@code SendMessageBatch}. */
    public static Map<String, software.amazon.awssdk.services.sqs.model.MessageAttributeValue> sqs(CorrelationContext context) {
        Map<String, software.amazon.awssdk.services.sqs.model.MessageAttributeValue> attributes = new HashMap<>();
        attributes.put(CorrelationExtractor.ATTRIBUTE_CORRELATION_ID, software.amazon.awssdk.services.sqs.model.MessageAttributeValue.builder()
                .dataType("String").stringValue(context.correlationId()).build());
        context.causationId().ifPresent(c -> attributes.put(CorrelationExtractor.ATTRIBUTE_CAUSATION_ID,
                software.amazon.awssdk.services.sqs.model.MessageAttributeValue.builder().dataType("String").stringValue(c).build()));
        return attributes;
    }

    /** For {@code Publish}/{@code PublishBatch}. */
    public static Map<String, software.amazon.awssdk.services.sns.model.MessageAttributeValue> sns(CorrelationContext context) {
        Map<String, software.amazon.awssdk.services.sns.model.MessageAttributeValue> attributes = new HashMap<>();
        attributes.put(CorrelationExtractor.ATTRIBUTE_CORRELATION_ID, software.amazon.awssdk.services.sns.model.MessageAttributeValue.builder()
                .dataType("String").stringValue(context.correlationId()).build());
        context.causationId().ifPresent(c -> attributes.put(CorrelationExtractor.ATTRIBUTE_CAUSATION_ID,
                software.amazon.awssdk.services.sns.model.MessageAttributeValue.builder().dataType("String").stringValue(c).build()));
        return attributes;
    }
}
