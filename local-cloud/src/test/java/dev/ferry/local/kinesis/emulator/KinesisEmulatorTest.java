package dev.ferry.local.kinesis.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.http.AwsCall.Protocol;
import dev.ferry.local.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * What the emulator does by its clock (stream phases, iterator expiry, retention), driven through its operations
 * without HTTP. What AWS does that the conformance suite can check against a real endpoint is in
 * {@code dev.ferry.local.kinesis.conformance}.
 */
class KinesisEmulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final KinesisEmulator kinesis = new KinesisEmulator("us-east-1", "000000000000", Duration.ofMillis(100), clock);

    private JsonNode call(String operation, String json) {
        try {
            return kinesis.handle(operation, JSON.readTree(json), Protocol.JSON);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private String activeStream(String name, int shards) {
        call("CreateStream", "{\"StreamName\":\"" + name + "\",\"ShardCount\":" + shards + "}");
        clock.advance(Duration.ofMillis(100));
        return name;
    }

    private String put(String stream, String key, String data) {
        return call("PutRecord", "{\"StreamName\":\"" + stream + "\",\"PartitionKey\":\"" + key + "\",\"Data\":\""
                + Base64.getEncoder().encodeToString(data.getBytes()) + "\"}").get("SequenceNumber").asText();
    }

    private String trimHorizon(String stream) {
        return call("GetShardIterator", "{\"StreamName\":\"" + stream + "\",\"ShardId\":\"shardId-000000000000\","
                + "\"ShardIteratorType\":\"TRIM_HORIZON\"}").get("ShardIterator").asText();
    }

    private JsonNode records(String iterator) {
        return call("GetRecords", "{\"ShardIterator\":\"" + iterator + "\"}");
    }

    // Ferry's choice (KinesisSettings.streamTransitionTime): CREATING for the transition time, as AWS's CreateStream
    //   "immediately returns and sets the stream status to CREATING" (API_CreateStream); writes to a stream that is not
    //   ACTIVE are refused as not found, so that code which does not wait fails locally too.
    @Test
    void aNewStreamIsCreatingUntilItsTransitionTimeHasPassed() {
        call("CreateStream", "{\"StreamName\":\"phases\",\"ShardCount\":1}");

        assertThat(call("DescribeStreamSummary", "{\"StreamName\":\"phases\"}").at("/StreamDescriptionSummary/StreamStatus")
                .asText()).isEqualTo("CREATING");
        assertThatThrownBy(() -> put("phases", "k", "early")).isInstanceOf(KinesisApiException.class)
                .hasMessageContaining("ResourceNotFoundException");

        clock.advance(Duration.ofMillis(100));
        assertThat(call("DescribeStreamSummary", "{\"StreamName\":\"phases\"}").at("/StreamDescriptionSummary/StreamStatus")
                .asText()).isEqualTo("ACTIVE");
        put("phases", "k", "on time");
    }

    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DeleteStream.html "the stream is in the
    //   DELETING state"; once deleted it is not found (ResourceNotFoundException, the wording recorded in localstack's
    //   tests/aws/services/kinesis/test_kinesis.snapshot.json test_cbor_exceptions)
    @Test
    void aDeletedStreamIsDeletingThenGone() {
        activeStream("doomed", 1);
        call("DeleteStream", "{\"StreamName\":\"doomed\"}");

        assertThat(call("DescribeStream", "{\"StreamName\":\"doomed\"}").at("/StreamDescription/StreamStatus").asText())
                .isEqualTo("DELETING");
        clock.advance(Duration.ofMillis(100));
        assertThatThrownBy(() -> call("DescribeStream", "{\"StreamName\":\"doomed\"}"))
                .isInstanceOf(KinesisApiException.class)
                .hasMessage("ResourceNotFoundException: Stream doomed under account 000000000000 not found.");
        assertThat(call("ListStreams", "{}").get("StreamNames")).isEmpty();
    }

    @Test
    void aDeletedStreamNoLongerCountsOnceItIsGone() {
        activeStream("first", 1);
        call("DeleteStream", "{\"StreamName\":\"first\"}");
        clock.advance(Duration.ofMillis(100));

        activeStream("second", 2);

        assertThat(call("DescribeLimits", "{}").get("OpenShardCount").asInt()).isEqualTo(2);
    }

    @Test
    void anIteratorOfADeletedStreamDoesNotReadANewStreamOfTheSameName() {
        activeStream("reborn", 1);
        String old = trimHorizon("reborn");
        call("DeleteStream", "{\"StreamName\":\"reborn\"}");
        clock.advance(Duration.ofMillis(100));
        activeStream("reborn", 1); // the name is free again
        put("reborn", "k", "new");

        assertThatThrownBy(() -> records(old)).isInstanceOf(KinesisApiException.class)
                .hasMessageContaining("ResourceNotFoundException");
        assertThat(records(trimHorizon("reborn")).get("Records")).hasSize(1);
    }

    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html "A shard iterator expires
    //   5 minutes after it is returned to the requester."
    // AWS's answer (quoted in awslabs/amazon-kinesis-client#701 and twitchscience/kinsumer#51): ExpiredIteratorException
    //   "Iterator expired. The iterator was created at time Wed Mar 04 01:02:40 UTC 2020 while right now it is Wed Mar 04
    //   01:10:30 UTC 2020 which is further in the future than the tolerated delay of 300000 milliseconds."
    @Test
    void anIteratorExpiresFiveMinutesAfterItWasIssued() {
        String stream = activeStream("expiry", 1);
        put(stream, "k", "e0");
        String iterator = trimHorizon(stream);

        clock.advance(Duration.ofMinutes(5));
        JsonNode page = records(iterator);
        assertThat(page.get("Records")).hasSize(1);

        String next = page.get("NextShardIterator").asText();
        clock.advance(Duration.ofMinutes(5).plusMillis(1));
        assertThatThrownBy(() -> records(next))
                .isInstanceOf(KinesisApiException.class)
                .hasMessage("ExpiredIteratorException: Iterator expired. The iterator was created at time Mon Dec 07 10:05:00"
                        + " UTC 2026 while right now it is Mon Dec 07 10:10:00 UTC 2026 which is further in the future than"
                        + " the tolerated delay of 300000 milliseconds.");
    }

    // AWS: https://docs.aws.amazon.com/streams/latest/dev/kinesis-extended-retention.html "Kinesis Data Streams
    //   supports changes to the data record retention period of your data stream"; records older than the retention
    //   period are no longer accessible, and TRIM_HORIZON starts at "the oldest data record in the shard"
    //   (API_GetShardIterator).
    @Test
    void recordsOlderThanTheRetentionPeriodAreTrimmed() {
        String stream = activeStream("retention", 1);
        put(stream, "k", "old");
        clock.advance(Duration.ofHours(23));
        put(stream, "k", "new");

        clock.advance(Duration.ofHours(1).plusSeconds(1));

        assertThat(records(trimHorizon(stream)).get("Records")).extracting(KinesisEmulatorTest::text).containsExactly("new");
    }

    @Test
    void anIncreasedRetentionKeepsRecordsLonger() {
        String stream = activeStream("kept", 1);
        call("IncreaseStreamRetentionPeriod", "{\"StreamName\":\"kept\",\"RetentionPeriodHours\":48}");
        put(stream, "k", "kept");

        clock.advance(Duration.ofHours(47));

        assertThat(records(trimHorizon(stream)).get("Records")).hasSize(1);
        assertThat(call("DescribeStreamSummary", "{\"StreamName\":\"kept\"}").at("/StreamDescriptionSummary/RetentionPeriodHours")
                .asInt()).isEqualTo(48);
    }

    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html MillisBehindLatest "A value of
    //   zero indicates that record processing is caught up"
    @Test
    void millisBehindLatestIsTheAgeOfTheOldestUnreadRecord() {
        String stream = activeStream("behind", 1);
        put(stream, "k", "a");
        clock.advance(Duration.ofSeconds(2));
        put(stream, "k", "b");
        clock.advance(Duration.ofSeconds(1));

        JsonNode first = call("GetRecords", "{\"ShardIterator\":\"" + trimHorizon(stream) + "\",\"Limit\":1}");
        JsonNode second = records(first.get("NextShardIterator").asText());

        assertThat(first.get("MillisBehindLatest").asLong()).isEqualTo(1000);
        assertThat(second.get("MillisBehindLatest").asLong()).isZero();
    }

    @Test
    void jsonTimestampsAreEpochSecondsAndCborTimestampsEpochMilliseconds() throws Exception {
        String stream = activeStream("stamps", 1);
        put(stream, "k", "a");
        String iterator = trimHorizon(stream);

        JsonNode json = kinesis.handle("GetRecords", JSON.readTree("{\"ShardIterator\":\"" + iterator + "\"}"), Protocol.JSON);
        JsonNode cbor = kinesis.handle("GetRecords", JSON.readTree("{\"ShardIterator\":\"" + iterator + "\"}"), Protocol.CBOR);

        assertThat(json.at("/Records/0/ApproximateArrivalTimestamp").decimalValue()).isEqualByComparingTo("1796637600.100");
        assertThat(cbor.at("/Records/0/ApproximateArrivalTimestamp").longValue()).isEqualTo(1796637600100L);
        ObjectNode at = JSON.createObjectNode().put("StreamName", stream).put("ShardId", "shardId-000000000000")
                .put("ShardIteratorType", "AT_TIMESTAMP").put("Timestamp", 1796637600.100);
        assertThat(records(kinesis.handle("GetShardIterator", at, Protocol.JSON).get("ShardIterator").asText())
                .get("Records")).hasSize(1);
    }

    // KinesisEmulator.OPERATIONS is what docs/local-cloud.md's compatibility table is checked against
    //   (CompatibilityTableTest); it must be exactly what handle() dispatches.
    @Test
    void everyListedOperationIsDispatchedAndNoOther() {
        for (String operation : KinesisEmulator.OPERATIONS) {
            try {
                call(operation, "{}");
            } catch (KinesisApiException refused) {
                assertThat(refused.error().code()).as(operation).isNotEqualTo("UnknownOperationException");
            }
        }
        for (String operation : java.util.List.of("SplitShard", "MergeShards", "UpdateShardCount", "RegisterStreamConsumer",
                "SubscribeToShard", "StartStreamEncryption", "PutResourcePolicy", "")) {
            assertThatThrownBy(() -> call(operation, "{}")).as(operation).isInstanceOf(KinesisApiException.class)
                    .satisfies(e -> assertThat(((KinesisApiException) e).error().code()).isEqualTo("UnknownOperationException"));
        }
    }

    private static String text(JsonNode record) {
        try {
            return new String(record.get("Data").binaryValue());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
