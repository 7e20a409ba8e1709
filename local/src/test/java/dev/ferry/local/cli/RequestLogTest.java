package dev.ferry.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.lambda.InvocationListener.Invocation;
import dev.ferry.local.lambda.InvocationSource;
import dev.ferry.local.lambda.InvokeResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one line per request or event that {@code ferry up}'s terminal shows. */
class RequestLogTest {
    private static final Instant AT = Instant.parse("2026-11-30T11:40:53.090Z");

    private static String line(String function, InvocationSource source, String event, InvokeResult result) {
        return RequestLog.line(new Invocation(function, source, "r-1", event.getBytes(StandardCharsets.UTF_8), result,
                AT, Duration.ofMillis(41)), ZoneOffset.UTC);
    }

    private static InvokeResult ok(String response) {
        return new InvokeResult.Success("r-1", response.getBytes(StandardCharsets.UTF_8));
    }

    private static String envelope(String type) {
        return "{\\\"type\\\":\\\"" + type + "\\\",\\\"id\\\":\\\"e-1\\\"}";
    }

    @Test
    void anApiRequestShowsItsMethodPathAndStatus() {
        assertThat(line("dev-OrdersApi", InvocationSource.SYNC, "{\"httpMethod\":\"POST\",\"path\":\"/orders\"}",
                ok("{\"statusCode\":202,\"body\":\"{}\"}")))
                .isEqualTo("11:40:53.131  dev-OrdersApi         POST /orders  -> 202  41 ms");
    }

    @Test
    void aFailingApiFunctionShowsTheGatewaysAnswerAndTheError() {
        assertThat(line("dev-OrdersApi", InvocationSource.SYNC, "{\"httpMethod\":\"GET\",\"path\":\"/orders/1\"}",
                new InvokeResult.FunctionError("r-1", "java.lang.IllegalStateException", "no table", "{}")))
                .endsWith("GET /orders/1  -> 502, error java.lang.IllegalStateException: no table  41 ms");
    }

    @Test
    void anSqsBatchShowsItsQueueItsSizeTheEventTypesAndThePartialFailures() {
        String event = "{\"Records\":[{\"eventSource\":\"aws:sqs\",\"eventSourceARN\":\"arn:aws:sqs:us-east-1:000000000000:dev-payments-order-placed\","
                + "\"body\":\"" + envelope("dev.ferry.orders.OrderPlaced.v1") + "\"},"
                + "{\"eventSource\":\"aws:sqs\",\"eventSourceARN\":\"arn:aws:sqs:us-east-1:000000000000:dev-payments-order-placed\","
                + "\"body\":\"{\\\"not\\\":\\\"an event\\\"}\"}]}";

        assertThat(line("dev-PaymentsConsumer", InvocationSource.EVENT_SOURCE_MAPPING, event,
                ok("{\"batchItemFailures\":[{\"itemIdentifier\":\"m-2\"}]}")))
                .endsWith("dev-PaymentsConsumer  sqs dev-payments-order-placed: 2 messages (OrderPlaced)  1 of 2 failed (reported back for retry)  41 ms");
        assertThat(line("dev-PaymentsConsumer", InvocationSource.EVENT_SOURCE_MAPPING, event, ok("{\"batchItemFailures\":[]}")))
                .contains("2 messages (OrderPlaced)  ok");
    }

    @Test
    void streamRecordsShowTheirStreamOrTableAndWhatTheyCarry() {
        String data = Base64.getEncoder().encodeToString("{\"type\":\"dev.ferry.orders.OrderConfirmed.v1\"}".getBytes(StandardCharsets.UTF_8));
        String kinesis = "{\"Records\":[{\"eventSource\":\"aws:kinesis\",\"eventSourceARN\":\"arn:aws:kinesis:us-east-1:000000000000:stream/dev-event-log\","
                + "\"kinesis\":{\"data\":\"" + data + "\"}}]}";
        String dynamodb = "{\"Records\":[{\"eventSource\":\"aws:dynamodb\",\"eventName\":\"INSERT\","
                + "\"eventSourceARN\":\"arn:aws:dynamodb:us-east-1:000000000000:table/dev-orders-outbox/stream/2026-11-30T00:00:00.000\"},"
                + "{\"eventSource\":\"aws:dynamodb\",\"eventName\":\"INSERT\",\"eventSourceARN\":\"arn:aws:dynamodb:us-east-1:000000000000:table/dev-orders-outbox/stream/x\"}]}";

        assertThat(line("dev-Audit", InvocationSource.EVENT_SOURCE_MAPPING, kinesis, ok("{}")))
                .contains("kinesis dev-event-log: 1 record (OrderConfirmed)  ok");
        assertThat(line("dev-OutboxRelay", InvocationSource.EVENT_SOURCE_MAPPING, dynamodb, ok("null")))
                .contains("ddb-stream dev-orders-outbox: 2 records (2 INSERT)  ok");
    }

    @Test
    void snsDeliveriesAndScheduledEventsSayWhereTheyCameFrom() {
        String sns = "{\"Records\":[{\"EventSource\":\"aws:sns\",\"Sns\":{\"TopicArn\":\"arn:aws:sns:us-east-1:000000000000:dev-telemetry\","
                + "\"Message\":\"" + envelope("dev.ferry.telemetry.RequestServed.v1") + "\"}}]}";
        String schedule = "{\"source\":\"aws.events\",\"detail-type\":\"Scheduled Event\","
                + "\"resources\":[\"arn:aws:events:us-east-1:000000000000:rule/dev-outbox-sweep\"]}";

        assertThat(line("dev-Telemetry", InvocationSource.ASYNC, sns, ok("null"))).contains("sns dev-telemetry: 1 message (RequestServed)  ok");
        assertThat(line("dev-OutboxSweeper", InvocationSource.ASYNC, schedule, ok("null"))).contains("schedule dev-outbox-sweep  ok");
    }

    @Test
    void throttlesAndDirectInvokesAreNamedAsSuch() {
        assertThat(line("dev-Telemetry", InvocationSource.SYNC, "{}", new InvokeResult.Throttled("r-1",
                "ReservedFunctionConcurrentInvocationLimitExceeded", "Rate Exceeded.")))
                .contains("invoke  throttled (ReservedFunctionConcurrentInvocationLimitExceeded)");
        assertThat(line("dev-Telemetry", InvocationSource.ASYNC, "not json", ok("null"))).contains("async invoke  ok");
    }

    @Test
    void eachLineGoesToTheTerminalAndToRequestsLog(@TempDir Path dir) {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        Path file = dir.resolve(FunctionLogs.REQUESTS);
        try (RequestLog log = RequestLog.to(new PrintStream(terminal, true, StandardCharsets.UTF_8), file)) {
            log.invoked(new Invocation("dev-OrdersApi", InvocationSource.SYNC, "r-1",
                    "{\"httpMethod\":\"POST\",\"path\":\"/orders\"}".getBytes(StandardCharsets.UTF_8), ok("{\"statusCode\":202}"), AT,
                    Duration.ofMillis(5)));
        }

        assertThat(terminal.toString(StandardCharsets.UTF_8)).contains("POST /orders  -> 202");
        assertThat(file).content().contains("POST /orders  -> 202");
    }
}
