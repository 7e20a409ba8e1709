package dev.ferry.correlation;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the correlation context of incoming work wherever it travels: HTTP headers, envelopes, SQS and SNS
 * message attributes, SNS notifications wrapped in SQS bodies, Kinesis payloads. Never fails: what cannot
 * be found starts a new conversation, because a missing id must not stop a message from being processed.
 */
public final class CorrelationExtractor {

    public static final String HEADER_CORRELATION_ID = "X-Correlation-Id";
    public static final String HEADER_TRACEPARENT = "traceparent";
    /** Message attribute names, the same as the envelope extensions so SNS filter policies read alike. */
    public static final String ATTRIBUTE_CORRELATION_ID = "correlationid";
    public static final String ATTRIBUTE_CAUSATION_ID = "causationid";

    private static final Pattern SAFE_ID = Pattern.compile("^[A-Za-z0-9._:@/+=-]{1,128}$");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CorrelationExtractor() {
    }

    /**
     * From an API request: {@code X-Correlation-Id} when it is a safe token, else the W3C trace id, else new.
     * The request itself is the cause of what follows, so {@code requestId} becomes the causation id.
     */
    public static CorrelationContext fromHttpHeaders(Map<String, String> headers, String requestId) {
        Optional<String> causation = Optional.ofNullable(requestId).filter(s -> !s.isBlank());
        Optional<String> explicit = header(headers, HEADER_CORRELATION_ID).map(String::trim).filter(v -> SAFE_ID.matcher(v).matches());
        if (explicit.isPresent()) {
            return new CorrelationContext(explicit.get(), causation);
        }
        Optional<Traceparent> trace = header(headers, HEADER_TRACEPARENT).flatMap(Traceparent::parse);
        if (trace.isPresent()) {
            return new CorrelationContext(trace.get().traceId(), causation);
        }
        return new CorrelationContext(CorrelationContext.newConversation().correlationId(), causation);
    }

    /** From an SQS message: its attributes, an SNS notification in its body, or an envelope in its body. */
    public static CorrelationContext fromSqs(SQSEvent.SQSMessage message) {
        Map<String, SQSEvent.MessageAttribute> attributes = message.getMessageAttributes() == null ? Map.of() : message.getMessageAttributes();
        Optional<CorrelationContext> fromBody = fromJsonText(message.getBody());
        Optional<String> correlation = Optional.ofNullable(attributes.get(ATTRIBUTE_CORRELATION_ID))
                .map(SQSEvent.MessageAttribute::getStringValue).filter(CorrelationExtractor::safe);
        if (correlation.isPresent()) {
            Optional<String> causation = fromBody.flatMap(CorrelationContext::causationId)
                    .or(() -> Optional.ofNullable(attributes.get(ATTRIBUTE_CAUSATION_ID)).map(SQSEvent.MessageAttribute::getStringValue))
                    .or(() -> Optional.ofNullable(message.getMessageId()));
            return new CorrelationContext(correlation.get(), causation);
        }
        return fromBody.orElseGet(() -> CorrelationContext.newConversation().causedByOptional(message.getMessageId()));
    }

    /** From an SNS record delivered to Lambda. */
    public static CorrelationContext fromSns(SNSEvent.SNSRecord record) {
        SNSEvent.SNS sns = record.getSNS();
        Map<String, SNSEvent.MessageAttribute> attributes = sns.getMessageAttributes() == null ? Map.of() : sns.getMessageAttributes();
        Optional<CorrelationContext> fromBody = fromJsonText(sns.getMessage());
        Optional<String> correlation = Optional.ofNullable(attributes.get(ATTRIBUTE_CORRELATION_ID))
                .map(SNSEvent.MessageAttribute::getValue).filter(CorrelationExtractor::safe);
        if (correlation.isPresent()) {
            Optional<String> causation = fromBody.flatMap(CorrelationContext::causationId).or(() -> Optional.ofNullable(sns.getMessageId()));
            return new CorrelationContext(correlation.get(), causation);
        }
        return fromBody.orElseGet(() -> CorrelationContext.newConversation().causedByOptional(sns.getMessageId()));
    }

    /** From a Kinesis record whose data is an envelope (or any JSON with {@code correlationid}). */
    public static CorrelationContext fromKinesis(KinesisEvent.KinesisEventRecord record) {
        ByteBuffer data = record.getKinesis() == null ? null : record.getKinesis().getData();
        String text = data == null ? null : StandardCharsets.UTF_8.decode(data.duplicate()).toString();
        return fromJsonText(text).orElseGet(() -> CorrelationContext.newConversation().causedByOptional(record.getEventID()));
    }

    /**
     * From a JSON text: an envelope (correlation = its correlationid, causation = its id) or an SNS
     * notification (its MessageAttributes, then its Message). Empty when nothing is found.
     */
    public static Optional<CorrelationContext> fromJsonText(String text) {
        if (text == null || text.isEmpty() || text.charAt(0) != '{') {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (Exception notJson) {
            return Optional.empty();
        }
        if (root == null || !root.isObject()) {
            return Optional.empty();
        }
        if ("Notification".equals(root.path("Type").asText()) && root.has("Message")) {
            Optional<CorrelationContext> inner = fromJsonText(root.path("Message").asText());
            String attribute = root.path("MessageAttributes").path(ATTRIBUTE_CORRELATION_ID).path("Value").asText("");
            if (safe(attribute)) {
                Optional<String> causation = inner.flatMap(CorrelationContext::causationId)
                        .or(() -> Optional.of(root.path("MessageId").asText("")).filter(s -> !s.isEmpty()));
                return Optional.of(new CorrelationContext(attribute, causation));
            }
            return inner;
        }
        String correlation = root.path("correlationid").asText("");
        if (!safe(correlation)) {
            return Optional.empty();
        }
        String id = root.path("id").asText("");
        return Optional.of(new CorrelationContext(correlation, Optional.of(id).filter(s -> !s.isEmpty())));
    }

    private static Optional<String> header(Map<String, String> headers, String name) {
        if (headers == null) {
            return Optional.empty();
        }
        String wanted = name.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().toLowerCase(Locale.ROOT).equals(wanted) && e.getValue() != null) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    private static boolean safe(String value) {
        return value != null && SAFE_ID.matcher(value).matches();
    }
}
