package dev.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

@ExtendWith(FerryExtension.class)
class StreamFailureIT {

    private final FerrySystem ferry;
    private final Workflow workflow;

    StreamFailureIT(FerrySystem ferry) {
        this.ferry = ferry;
        this.workflow = new Workflow(ferry);
    }

    @Test
    void malformedStreamRecordIsRetriedThenSentToTheOnFailureDestinationAndTheShardMovesOn() {
        String partitionKey = "probe-" + UUID.randomUUID();
        String correlationId = "probe-" + UUID.randomUUID();
        String before = UUID.randomUUID().toString();
        String after = UUID.randomUUID().toString();

        // One partition key: the good record, the poison one and (later) another good one share a shard.
        PutRecordsResponse put = ferry.kinesis().putRecords(r -> r.streamName(ferry.name("event-log")).records(
                entry(partitionKey, envelope(before, partitionKey, correlationId)),
                entry(partitionKey, "{\"not\":\"an envelope\"")));
        assertThat(put.failedRecordCount()).isZero();
        PutRecordsResultEntry poison = put.records().get(1);

        List<JsonNode> failures = awaitFailureRecords(poison.sequenceNumber(), 2);
        for (JsonNode failure : failures) {
            JsonNode batch = failure.get("KinesisBatchInfo");
            assertThat(batch.get("shardId").asText()).isEqualTo(poison.shardId());
            assertThat(batch.get("startSequenceNumber").asText()).isEqualTo(poison.sequenceNumber());
            assertThat(batch.get("endSequenceNumber").asText()).isEqualTo(poison.sequenceNumber());
            assertThat(batch.get("batchSize").asInt()).as("the poison record alone is given up").isEqualTo(1);
            assertThat(batch.get("streamArn").asText()).endsWith(":stream/" + ferry.name("event-log"));
            assertThat(failure.at("/requestContext/condition").asText()).isEqualTo("RetryAttemptsExhausted");
            assertThat(failure.at("/requestContext/approximateInvokeCount").asInt()).as("retried").isGreaterThan(1);
            assertThat(failure.get("version").asText()).isEqualTo("1.0");
        }
        assertThat(failures).extracting(f -> f.at("/requestContext/functionArn").asText())
                .as("both consumers of the log gave it up").anySatisfy(arn -> assertThat(arn).contains("Analytics"))
                .anySatisfy(arn -> assertThat(arn).contains("Audit"));

        ferry.kinesis().putRecord(r -> r.streamName(ferry.name("event-log")).partitionKey(partitionKey)
                .data(SdkBytes.fromUtf8String(envelope(after, partitionKey, correlationId))));

        await("both consumers processed the records around the poison one").atMost(Workflow.CHAIN_TIMEOUT)
                .until(() -> workflow.analyticsApplied(before) && workflow.analyticsApplied(after)
                        && workflow.audited(correlationId, before) && workflow.audited(correlationId, after));
    }

    private List<JsonNode> awaitFailureRecords(String sequenceNumber, int expected) {
        String queue = ferry.queueUrl("stream-failures");
        List<JsonNode> found = new ArrayList<>();
        await("%d failure records for %s on stream-failures".formatted(expected, sequenceNumber))
                .atMost(Workflow.CHAIN_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
                    ferry.sqs().receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()
                            .forEach(m -> {
                                JsonNode record = readJson(m.body());
                                if (sequenceNumber.equals(record.at("/KinesisBatchInfo/startSequenceNumber").asText())) {
                                    found.add(record);
                                    ferry.sqs().deleteMessage(d -> d.queueUrl(queue).receiptHandle(m.receiptHandle()));
                                }
                            });
                    return found.size() >= expected;
                });
        return found;
    }

    private static JsonNode readJson(String text) {
        try {
            return Api.JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("stream-failures holds a message that is not JSON: " + text, e);
        }
    }

    private static PutRecordsRequestEntry entry(String partitionKey, String data) {
        return PutRecordsRequestEntry.builder().partitionKey(partitionKey).data(SdkBytes.fromUtf8String(data)).build();
    }

    /** A well-formed event of a type no service emits, so it touches nothing but the log's consumers. */
    private static String envelope(String id, String subject, String correlationId) {
        return """
                {"specversion":"1.0","id":"%s","source":"dev.ferry.e2e","type":"dev.ferry.e2e.Probe.v1","subject":"%s",\
                "time":"%s","datacontenttype":"application/json","correlationid":"%s","data":{"probe":true}}"""
                .formatted(id, subject, Instant.now(), correlationId);
    }
}
