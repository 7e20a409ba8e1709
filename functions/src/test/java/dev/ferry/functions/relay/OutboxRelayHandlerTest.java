package dev.ferry.functions.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ferry.functions.testing.Messages;
import dev.ferry.functions.testing.TestContext;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The relay's publishing rules are the toolkit's (tested there); this checks the handler's wiring and contract. */
class OutboxRelayHandlerTest {

    private static Map<String, String> unreachableTargets() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:" + port,
                "DOMAIN_EVENTS_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:domain-events",
                "EVENT_LOG_STREAM_NAME", "event-log");
    }

    @Test
    void whenTargetsAreDownTheFirstOutboxRecordIsReportedSoLambdaRetriesFromIt() throws Exception {
        OutboxRelayHandler handler = new OutboxRelayHandler(unreachableTargets());

        StreamsEventResponse response = handler.handleRequest(Messages.outboxStreamFixture(), TestContext.of("OutboxRelay"));

        assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("111100000000000000001");
    }

    @Test
    void recordsThatAreNotOutboxInsertsAreNotPublished() throws Exception {
        OutboxRelayHandler handler = new OutboxRelayHandler(unreachableTargets());
        DynamodbEvent onlyStateChange = Messages.outboxStreamFixture();
        onlyStateChange.setRecords(List.of(onlyStateChange.getRecords().get(1)));

        assertThat(handler.handleRequest(onlyStateChange, TestContext.of("OutboxRelay")).getBatchItemFailures()).isEmpty();
    }
}
