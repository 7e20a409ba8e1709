package dev.ferry.local.kinesis.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.ValidationException;

@ExtendWith(KinesisTarget.Extension.class)
class LimitsTest {

    private final KinesisTarget target;
    private final KinesisClient kinesis;
    private final Streams streams;

    LimitsTest(KinesisTarget target) {
        this.target = target;
        this.kinesis = target.client();
        this.streams = new Streams(target);
    }

    @AfterEach
    void deleteStreams() {
        streams.close();
    }

    // AWS: https://docs.aws.amazon.com/streams/latest/dev/large-records.html "The default maximum record size for
    //   existing, and newly created streams is set to 1 MiB."
    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html (Errors: InvalidArgumentException
    //   "A specified parameter exceeds its restrictions, is not supported, or can't be used")
    // Ferry's choice: InvalidArgumentException. AWS's answer at today's model (Data up to 10 MiB, the stream's own
    //   maximum checked after) is not on record; before large records AWS refused such data as a ValidationException
    //   "at 'data' failed to satisfy constraint: Member must have length less than or equal to 1048576" (2017, quoted
    //   in awslabs/kinesis-aggregation#30), a length check the model no longer has.
    @Test
    void recordAboveOneMebibyteIsRejected() {
        String stream = streams.create("record-size", 1);

        assertThatThrownBy(() -> kinesis.putRecord(b -> b.streamName(stream).partitionKey("p")
                .data(SdkBytes.fromByteArray(new byte[1024 * 1024 + 1]))))
                .isInstanceOf(InvalidArgumentException.class);
    }

    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html Limit: "Specify a value of up to
    //   10,000. If you specify a value that is greater than 10,000, GetRecords throws InvalidArgumentException."
    @Test
    void getRecordsLimitAboveTenThousandIsRejected() {
        String stream = streams.create("get-limit", 1);
        String shard = streams.shards(stream).getFirst().shardId();
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard).shardIteratorType("TRIM_HORIZON"))
                .shardIterator();

        assertThatThrownBy(() -> kinesis.getRecords(b -> b.shardIterator(iterator).limit(10_001)))
                .isInstanceOf(InvalidArgumentException.class);
    }

    private static List<PutRecordsRequestEntry> records(int count, String partitionKey, int dataBytes) {
        SdkBytes data = SdkBytes.fromByteArray(new byte[dataBytes]);
        return IntStream.range(0, count)
                .mapToObj(i -> PutRecordsRequestEntry.builder().partitionKey(partitionKey + i).data(data).build())
                .toList();
    }

    @Test
    void putRecordsOfMoreThanFiveHundredRecordsOrNoneIsAValidationError() {
        String stream = streams.create("put-records-limit", 1);

        // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html Records: "Array Members:
        //   Minimum number of 1 item. Maximum number of 500 items." A modelled constraint, refused as a
        //   ValidationException; the message form is AWS's as quoted in awslabs/kinesis-aggregation#30 (for 'data').
        assertThatThrownBy(() -> kinesis.putRecords(b -> b.streamName(stream).records(records(501, "p", 1))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("at 'records' failed to satisfy constraint: Member must have length less than or equal to 500")
                .satisfies(e -> assertThat(((KinesisException) e).statusCode()).isEqualTo(400));
        assertThatThrownBy(() -> kinesis.putRecords(b -> b.streamName(stream).records(List.of())))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Member must have length greater than or equal to 1");
        assertThat(kinesis.putRecords(b -> b.streamName(stream).records(records(500, "p", 1))).failedRecordCount()).isZero();
    }

    @Test
    void aRecordsSizeCountsItsPartitionKeyAgainstTheStreamsOneMebibyte() {
        String stream = streams.create("record-and-key", 1);
        // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html "The record size limit
        //   applies to the total size of the partition key and data blob."
        // AWS: https://docs.aws.amazon.com/streams/latest/dev/large-records.html (default maximum record size: 1 MiB)
        // Ferry's choice: in PutRecords the whole request is refused, since a result entry's ErrorCode "can be either
        //   ProvisionedThroughputExceededException or InternalFailure" (API_PutRecordsResultEntry) and so cannot carry
        //   it.
        SdkBytes almostOneMebibyte = SdkBytes.fromByteArray(new byte[1024 * 1024 - 1]);

        assertThatThrownBy(() -> kinesis.putRecord(b -> b.streamName(stream).partitionKey("pp").data(almostOneMebibyte)))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> kinesis.putRecords(b -> b.streamName(stream).records(
                PutRecordsRequestEntry.builder().partitionKey("ok").data(SdkBytes.fromUtf8String("x")).build(),
                PutRecordsRequestEntry.builder().partitionKey("pp").data(almostOneMebibyte).build())))
                .isInstanceOf(InvalidArgumentException.class);
        kinesis.putRecord(b -> b.streamName(stream).partitionKey("p").data(almostOneMebibyte));
    }

    @Test
    void aPutRecordsRequestAboveTenMebibytesIsRefusedWhole() {
        String stream = streams.create("request-size", 1);

        // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html "up to a limit of 10 MiB for
        //   the entire request, including partition keys"; AWS answered an oversized request, at the former 5 MB limit,
        //   with InvalidArgumentException "Records size exceeds 5 MB limit" (quoted in
        //   aws/amazon-kinesis-streams-for-fluent-bit#21).
        assertThatThrownBy(() -> kinesis.putRecords(b -> b.streamName(stream).records(records(11, "p", 1024 * 1024 - 8))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("Records size exceeds");
    }

    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html (Errors:
    //   InvalidArgumentException, HTTP 400, "A specified parameter exceeds its restrictions, is not supported, or can't
    //   be used")
    // Ferry's choice: only the status class is asserted against AWS; AWS's code and message for an iterator that is not
    //   one are not on record (Ferry's emulator answers InvalidArgumentException, GetRecords' documented error for "a
    //   specified parameter ... can't be used"). kinesis-mock's 500 is a known difference (docs/local-cloud.md,
    //   Kinesis).
    @Test
    void malformedShardIteratorIsAClientError() {
        if (target.isEmbeddedKinesisMock()) {
            // Known difference (docs/local-cloud.md, Kinesis): kinesis-mock answers HTTP 500, which the SDK retries.
            assertThatThrownBy(() -> kinesis.getRecords(b -> b.shardIterator("not-an-iterator")))
                    .isInstanceOf(KinesisException.class)
                    .satisfies(e -> assertThat(((KinesisException) e).statusCode()).isEqualTo(500));
            return;
        }
        assertThatThrownBy(() -> kinesis.getRecords(b -> b.shardIterator("not-an-iterator")))
                .isInstanceOf(KinesisException.class)
                .satisfies(e -> assertThat(((KinesisException) e).statusCode()).isEqualTo(400));
    }
}
