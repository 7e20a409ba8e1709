package dev.ferry.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CorrelationExtractorTest {

    private static final String ENVELOPE = "{\"specversion\":\"1.0\",\"id\":\"evt-1\",\"correlationid\":\"corr-1\",\"type\":\"com.ferry.x.Y.v1\"}";

    @Test
    void httpCorrelationHeaderWinsAndTheRequestIsTheCause() {
        CorrelationContext c = CorrelationExtractor.fromHttpHeaders(Map.of("x-correlation-id", "abc-123",
                "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), "req-1");
        assertThat(c).isEqualTo(new CorrelationContext("abc-123", Optional.of("req-1")));
    }

    @Test
    void traceparentTraceIdIsUsedWithoutACorrelationHeader() {
        CorrelationContext c = CorrelationExtractor.fromHttpHeaders(Map.of("Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), "req-1");
        assertThat(c.correlationId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void unsafeHeaderAndInvalidTraceparentStartANewConversation() {
        CorrelationContext c = CorrelationExtractor.fromHttpHeaders(Map.of("X-Correlation-Id", "bad value\n{json}",
                "traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"), "req-1");
        // A fresh UUID, neither the unsafe header nor the all-zero trace id (a random UUID may well contain "bad").
        assertThat(c.correlationId()).matches("\\p{XDigit}{8}-\\p{XDigit}{4}-4\\p{XDigit}{3}-[89ab]\\p{XDigit}{3}-\\p{XDigit}{12}")
                .doesNotContain("bad value").isNotEqualTo("00000000000000000000000000000000");
    }

    @Test
    void traceparentParsingFollowsTheW3cRules() {
        assertThat(Traceparent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isPresent();
        assertThat(Traceparent.parse("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isEmpty();
        assertThat(Traceparent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")).isEmpty();
        assertThat(Traceparent.parse("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).isEmpty();
        assertThat(Traceparent.parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra")).isPresent();
    }

    @Test
    void sqsMessageAttributeCarriesTheConversationAndTheEnvelopeTheCause() {
        SQSEvent.SQSMessage message = sqs("m-1", ENVELOPE, Map.of("correlationid", attribute("corr-attr")));
        assertThat(CorrelationExtractor.fromSqs(message)).isEqualTo(new CorrelationContext("corr-attr", Optional.of("evt-1")));
    }

    @Test
    void envelopeInAnSqsBodyIsEnough() {
        assertThat(CorrelationExtractor.fromSqs(sqs("m-1", ENVELOPE, Map.of()))).isEqualTo(new CorrelationContext("corr-1", Optional.of("evt-1")));
    }

    @Test
    void snsNotificationWrappedInAnSqsBodyIsUnwrapped() {
        String notification = "{\"Type\":\"Notification\",\"MessageId\":\"sns-1\",\"Message\":" + quote(ENVELOPE)
                + ",\"MessageAttributes\":{\"correlationid\":{\"Type\":\"String\",\"Value\":\"corr-sns\"}}}";
        assertThat(CorrelationExtractor.fromSqs(sqs("m-1", notification, Map.of()))).isEqualTo(new CorrelationContext("corr-sns", Optional.of("evt-1")));
    }

    @Test
    void plainSqsMessageStartsAConversationCausedByTheMessage() {
        CorrelationContext c = CorrelationExtractor.fromSqs(sqs("m-9", "hello", Map.of()));
        assertThat(c.causationId()).contains("m-9");
    }

    @Test
    void snsRecordAttributesAreRead() {
        SNSEvent.SNS sns = new SNSEvent.SNS();
        sns.setMessageId("sns-2");
        sns.setMessage("plain");
        SNSEvent.MessageAttribute attr = new SNSEvent.MessageAttribute();
        attr.setType("String");
        attr.setValue("corr-x");
        sns.setMessageAttributes(Map.of("correlationid", attr));
        SNSEvent.SNSRecord record = new SNSEvent.SNSRecord();
        record.setSns(sns);
        assertThat(CorrelationExtractor.fromSns(record)).isEqualTo(new CorrelationContext("corr-x", Optional.of("sns-2")));
    }

    @Test
    void kinesisEnvelopePayloadIsRead() {
        KinesisEvent.Record data = new KinesisEvent.Record();
        data.setData(ByteBuffer.wrap(ENVELOPE.getBytes(StandardCharsets.UTF_8)));
        KinesisEvent.KinesisEventRecord record = new KinesisEvent.KinesisEventRecord();
        record.setKinesis(data);
        record.setEventID("shard-0:1");
        assertThat(CorrelationExtractor.fromKinesis(record)).isEqualTo(new CorrelationContext("corr-1", Optional.of("evt-1")));
    }

    @Test
    void scopesNestAndRestore() {
        CorrelationContext outer = CorrelationContext.of("outer", null);
        try (Correlation.Scope a = Correlation.open(outer)) {
            try (Correlation.Scope b = Correlation.open(CorrelationContext.of("inner", "evt"))) {
                assertThat(Correlation.current().correlationId()).isEqualTo("inner");
            }
            assertThat(Correlation.current()).isEqualTo(outer);
        }
        assertThat(Correlation.peek()).isEmpty();
    }

    @Test
    void attributesWrittenForASentMessageAreReadBackByTheConsumerSide() {
        CorrelationContext sent = CorrelationContext.of("corr-77", "evt-76");
        Map<String, SQSEvent.MessageAttribute> received = new java.util.HashMap<>();
        CorrelationAttributes.sqs(sent).forEach((name, value) -> received.put(name, attribute(value.stringValue())));
        assertThat(CorrelationExtractor.fromSqs(sqs("m-1", "plain command", received))).isEqualTo(sent);
        assertThat(CorrelationAttributes.sns(sent).get("causationid").stringValue()).isEqualTo("evt-76");
    }

    static SQSEvent.SQSMessage sqs(String id, String body, Map<String, SQSEvent.MessageAttribute> attributes) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId(id);
        m.setBody(body);
        m.setMessageAttributes(attributes);
        m.setAttributes(Map.of());
        return m;
    }

    static SQSEvent.MessageAttribute attribute(String value) {
        SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
        a.setDataType("String");
        a.setStringValue(value);
        return a;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
