package dev.ferry.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The statistics document as {@code ferry load} reads it, and the limits the report names. */
class RuntimeStatsTest {

    @Test
    void theDocumentIsReadWithTheSourcesNamedAsTheReportShowsThem() throws Exception {
        String doc = """
                {"at":"2026-12-07T00:00:00Z","functions":[
                  {"name":"dev-PaymentsConsumer","reservedConcurrency":null,"invocations":40,"errors":0,"throttles":0,"coldStarts":1,
                   "concurrentExecutions":0,"peakConcurrentExecutions":5},
                  {"name":"dev-Capped","reservedConcurrency":3,"invocations":9,"errors":0,"throttles":2,"coldStarts":1,
                   "concurrentExecutions":1,"peakConcurrentExecutions":3}],
                 "mappings":[
                  {"id":"M1","kind":"SQS","source":"arn:aws:sqs:us-east-1:000000000000:dev-payments-order-placed",
                   "function":"dev-PaymentsConsumer","maximumConcurrency":5,"parallelizationFactor":1,"batches":40,"records":400,
                   "failedBatches":0,"concurrentBatches":0,"peakConcurrentBatches":5,"oldestRecordAgeMillis":1500},
                  {"id":"M2","kind":"DYNAMODB_STREAMS",
                   "source":"arn:aws:dynamodb:us-east-1:000000000000:table/dev-orders-outbox/stream/2026-12-07T00:15:14.708",
                   "function":"dev-OutboxRelay","maximumConcurrency":null,"parallelizationFactor":1,"batches":3,"records":300,
                   "failedBatches":0,"concurrentBatches":0,"peakConcurrentBatches":4,"oldestRecordAgeMillis":23600},
                  {"id":"M3","kind":"KINESIS","source":"arn:aws:kinesis:us-east-1:000000000000:stream/dev-event-log",
                   "function":"dev-Audit","maximumConcurrency":null,"parallelizationFactor":2,"batches":3,"records":300,
                   "failedBatches":0,"concurrentBatches":0,"peakConcurrentBatches":4,"oldestRecordAgeMillis":900}]}""";
        RuntimeStats.Snapshot s = RuntimeStats.parse(new ObjectMapper().readTree(doc));

        assertThat(s.mappings()).extracting(RuntimeStats.Mapping::sourceName)
                .containsExactly("dev-payments-order-placed", "dev-orders-outbox", "dev-event-log");
        assertThat(s.mappings().get(1).oldestRecordAge()).isEqualTo(Duration.ofMillis(23600));
        RuntimeStats.Function payments = s.function("dev-PaymentsConsumer").orElseThrow();
        assertThat(payments.reservedConcurrency()).isEmpty();
        assertThat(LoadReport.limit(payments, s.mappingsOf("dev-PaymentsConsumer")))
                .isEqualTo("5 (MaximumConcurrency of dev-payments-order-placed)");
        assertThat(LoadReport.limit(s.function("dev-Capped").orElseThrow(), List.of())).isEqualTo("reserved 3");
        assertThat(LoadReport.limit(new RuntimeStats.Function("dev-Audit", OptionalInt.empty(), 3, 0, 4), s.mappingsOf("dev-Audit")))
                .isEqualTo("2 per shard of dev-event-log");
    }
}
