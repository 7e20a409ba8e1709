package dev.ferry.local.kinesis.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

@ExtendWith(KinesisTarget.Extension.class)
class StreamLifecycleTest {

    private final KinesisTarget target;
    private final KinesisClient kinesis;
    private final Streams streams;

    StreamLifecycleTest(KinesisTarget target) {
        this.target = target;
        this.kinesis = target.client();
        this.streams = new Streams(target);
    }

    @AfterEach
    void deleteStreams() {
        streams.close();
    }

    @Test
    void createdStreamBecomesActiveAndItsSummaryDescribesIt() {
        String name = streams.create("lifecycle", 3);

        var summary = kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary();

        assertThat(summary.streamName()).isEqualTo(name);
        assertThat(summary.streamStatus()).isEqualTo(StreamStatus.ACTIVE);
        assertThat(summary.openShardCount()).isEqualTo(3);
        assertThat(summary.retentionPeriodHours()).isEqualTo(24);
        assertThat(summary.streamModeDetails().streamMode()).isEqualTo(StreamMode.PROVISIONED);
        assertThat(summary.encryptionType()).isEqualTo(EncryptionType.NONE);
        assertThat(summary.consumerCount()).isZero();
        assertThat(summary.streamARN()).matches("arn:aws:kinesis:" + target.region().id() + ":\\d{12}:stream/" + name);
        if (target.isEmbeddedKinesisMock()) {
            assertThat(summary.streamARN()).isEqualTo("arn:aws:kinesis:us-east-1:000000000000:stream/" + name);
        }
        assertThat(kinesis.listStreams().streamNames()).contains(name);
    }

    @Test
    void shardsSplitTheWholeHashKeySpaceEvenlyWithoutGaps() {
        String name = streams.create("shards", 4);

        List<Shard> shards = streams.shards(name);

        assertThat(shards).hasSize(4);
        assertThat(new BigInteger(shards.getFirst().hashKeyRange().startingHashKey())).isZero();
        assertThat(new BigInteger(shards.getLast().hashKeyRange().endingHashKey())).isEqualTo(Streams.MAX_HASH_KEY);
        BigInteger quarter = BigInteger.TWO.pow(126);
        for (int i = 0; i < shards.size(); i++) {
            BigInteger start = new BigInteger(shards.get(i).hashKeyRange().startingHashKey());
            BigInteger end = new BigInteger(shards.get(i).hashKeyRange().endingHashKey());
            assertThat(end.subtract(start).add(BigInteger.ONE).subtract(quarter).abs()).as("shard %d size", i)
                    .isLessThanOrEqualTo(BigInteger.valueOf(4));
            if (i > 0) {
                assertThat(start).isEqualTo(new BigInteger(shards.get(i - 1).hashKeyRange().endingHashKey()).add(BigInteger.ONE));
            }
            assertThat(shards.get(i).sequenceNumberRange().startingSequenceNumber()).isNotBlank();
            assertThat(shards.get(i).sequenceNumberRange().endingSequenceNumber()).as("open shard").isNull();
        }
    }

    @Test
    void creatingAnExistingStreamIsRejected() {
        String name = streams.create("exists", 1);

        assertThatThrownBy(() -> kinesis.createStream(b -> b.streamName(name).shardCount(1)))
                .isInstanceOf(ResourceInUseException.class);
    }

    @Test
    void unknownStreamIsNotFound() {
        String missing = target.uniqueName("missing");

        assertThatThrownBy(() -> kinesis.describeStreamSummary(b -> b.streamName(missing)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> kinesis.putRecord(b -> b.streamName(missing).partitionKey("k")
                .data(SdkBytes.fromUtf8String("x"))))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
