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

    @Test
    void putRecordsOfMoreThanFiveHundredRecordsIsRejected() {
        String stream = streams.create("put-records-limit", 1);
        List<PutRecordsRequestEntry> entries = IntStream.range(0, 501)
                .mapToObj(i -> PutRecordsRequestEntry.builder().partitionKey("p" + i).data(SdkBytes.fromUtf8String("x")).build())
                .toList();

        if (target.isEmbeddedKinesisMock()) {
            // Known difference (docs/local-cloud.md, Kinesis): kinesis-mock accepts batches above 500 records.
            assertThat(kinesis.putRecords(b -> b.streamName(stream).records(entries)).failedRecordCount()).isZero();
            return;
        }
        assertThatThrownBy(() -> kinesis.putRecords(b -> b.streamName(stream).records(entries)))
                .isInstanceOf(KinesisException.class)
                .satisfies(e -> assertThat(((KinesisException) e).statusCode()).isEqualTo(400));
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
