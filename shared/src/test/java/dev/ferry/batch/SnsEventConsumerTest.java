package dev.ferry.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import dev.ferry.correlation.Correlation;
import dev.ferry.envelope.EnvelopeCodec;
import dev.ferry.idempotency.InMemoryIdempotencyStore;
import dev.ferry.testing.TestLambdaContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SnsEventConsumerTest {

    private static final String ENVELOPE = "{\"specversion\":\"1.0\",\"id\":\"evt-1\",\"source\":\"/ferry/telemetry\","
            + "\"type\":\"com.ferry.telemetry.PageViewed.v1\",\"subject\":\"page-1\",\"time\":\"2026-11-30T10:00:00Z\","
            + "\"datacontenttype\":\"application/json\",\"correlationid\":\"corr-1\",\"data\":{\"path\":\"/\"}}";
    private final TestLambdaContext lambda = TestLambdaContext.of("telemetry");

    record PageViewed(String path) {
    }

    @Test
    void atMostOnceTelemetryNeverFailsTheInvocation() {
        AtomicInteger runs = new AtomicInteger();
        SnsEventConsumer consumer = new SnsEventConsumer(ConsumerSettings.atMostOnce("telemetry"), r -> {
            runs.incrementAndGet();
            throw new IllegalStateException("metrics store down");
        });
        assertThatCode(() -> consumer.handle(event("sns-1", ENVELOPE), lambda)).doesNotThrowAnyException();
        assertThat(runs).as("the failing handler did run").hasValue(1);
    }

    @Test
    void atLeastOnceFailsTheInvocationSoLambdaRetriesIt() {
        SnsEventConsumer consumer = new SnsEventConsumer(ConsumerSettings.atLeastOnce("telemetry"), r -> Outcome.retry("busy"));
        assertThatThrownBy(() -> consumer.handle(event("sns-1", ENVELOPE), lambda))
                .isInstanceOfSatisfying(SnsEventConsumer.NotificationsFailedException.class, e -> assertThat(e.messageIds()).containsExactly("sns-1"));
    }

    @Test
    void effectivelyOnceSkipsARetriedInvocationAndSeesTheEnvelopesConversation() {
        List<String> seen = new ArrayList<>();
        SnsEventConsumer consumer = new SnsEventConsumer(ConsumerSettings.effectivelyOnce("views", new InMemoryIdempotencyStore()),
                EnvelopeHandlers.sns(EnvelopeCodec.untyped(), PageViewed.class, e -> {
                    seen.add(e.data().path() + "|" + Correlation.current().correlationId());
                    return Outcome.done();
                }));
        consumer.handle(event("sns-1", ENVELOPE), lambda);
        consumer.handle(event("sns-2", ENVELOPE), lambda);
        assertThat(seen).containsExactly("/|corr-1");
    }

    private static SNSEvent event(String messageId, String message) {
        SNSEvent.SNS sns = new SNSEvent.SNS();
        sns.setMessageId(messageId);
        sns.setMessage(message);
        sns.setMessageAttributes(Map.of());
        SNSEvent.SNSRecord record = new SNSEvent.SNSRecord();
        record.setSns(sns);
        SNSEvent event = new SNSEvent();
        event.setRecords(List.of(record));
        return event;
    }
}
