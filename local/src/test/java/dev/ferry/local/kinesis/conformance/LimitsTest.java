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

    @Test
    void recordAboveOneMebibyteIsRejected() {
        String stream = streams.create("record-size", 1);

        assertThatThrownBy(() -> kinesis.putRecord(b -> b.streamName(stream).partitionKey("p")
                .data(SdkBytes.fromByteArray(new byte[1024 * 1024 + 1]))))
                .isInstanceOf(InvalidArgumentException.class);
    }

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

        // PutRecords, Records: "Array Members: Minimum number of 1 item. Maximum number of 500 items."
        // (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html); AWS's validation message form
        // as recorded in https://github.com/awslabs/kinesis-aggregation/issues/30.
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
        // "The record size limit applies to the total size of the partition key and data blob." (PutRecords), and the
        // default maximum record size is 1 MiB (https://docs.aws.amazon.com/streams/latest/dev/large-records.html).
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

        // PutRecords: "up to a limit of 10 MiB for the entire request, including partition keys"; AWS answers an
        // oversized request with InvalidArgumentException "Records size exceeds ... MB limit"
        // (https://github.com/aws/amazon-kinesis-streams-for-fluent-bit/issues/21).
        assertThatThrownBy(() -> kinesis.putRecords(b -> b.streamName(stream).records(records(11, "p", 1024 * 1024 - 8))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("Records size exceeds");
    }

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
