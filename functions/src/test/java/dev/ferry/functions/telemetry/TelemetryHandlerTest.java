package dev.ferry.functions.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import dev.ferry.functions.events.Events;
import dev.ferry.functions.testing.Messages;
import dev.ferry.functions.testing.TestContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TelemetryHandlerTest {

    private final TelemetryHandler handler = new TelemetryHandler(Map.of("AWS_REGION", "us-east-1"));

    @Test
    void recordedSnsDeliveryIsCountedByTypeAndTheUnreadableIsCountedAsMalformed() {
        handler.handleRequest(Messages.telemetryFixture(), TestContext.of("Telemetry"));

        assertThat(handler.counts().get(Events.REQUEST_SERVED)).isEqualTo(1);
        assertThat(handler.counts().get("Malformed")).isEqualTo(1);
    }

    @Test
    void nothingItReceivesMakesItThrow() {
        SNSEvent empty = new SNSEvent();
        SNSEvent broken = new SNSEvent();
        broken.setRecords(List.of(new SNSEvent.SNSRecord()));

        assertThatCode(() -> {
            handler.handleRequest(null, null);
            handler.handleRequest(empty, TestContext.of("Telemetry"));
            handler.handleRequest(broken, TestContext.of("Telemetry"));
        }).doesNotThrowAnyException();
        assertThat(handler.counts().get("Malformed") + handler.counts().get("Failed")).isEqualTo(1);
    }
}
