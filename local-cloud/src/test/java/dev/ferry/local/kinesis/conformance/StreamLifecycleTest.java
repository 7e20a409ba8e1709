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

    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html "Kinesis Data Streams
    //   immediately returns and sets the stream status to CREATING. After the stream is created, Kinesis Data Streams
    //   sets the stream status to ACTIVE" (the SDK's waitUntilStreamExists polls for that)
    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StreamDescriptionSummary.html (StreamARN pattern
    //   arn:aws.*:kinesis:.*:\d{12}:stream/\S+; ConsumerCount "The number of enhanced fan-out consumers registered with
    //   the stream")
    // AWS: https://docs.aws.amazon.com/streams/latest/dev/example_kinesis_DescribeStream_section.html (a new stream:
    //   "RetentionPeriodHours": 24, "EncryptionType": "NONE", ARN arn:aws:kinesis:<region>:<account>:stream/<name>)
    // Recorded: localstack/localstack tests/aws/services/cloudformation/resources/test_kinesis.snapshot.json
    //   test_kinesis.py::test_stream_creation (a stream of ShardCount 1 described on AWS: StreamMode PROVISIONED,
    //   RetentionPeriodHours 24, EncryptionType NONE, ACTIVE)
    // Ferry's choice: the embedded service's ARNs (either engine) carry KinesisSettings' defaults, us-east-1 and
    //   000000000000
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
        if (target.isEmbeddedService()) {
            assertThat(summary.streamARN()).isEqualTo("arn:aws:kinesis:us-east-1:000000000000:stream/" + name);
        }
        assertThat(kinesis.listStreams().streamNames()).contains(name);
    }

    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_HashKeyRange.html "a set of ordered contiguous
    //   positive integers"; the space is MD5's:
    //   https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html "An MD5 hash function is used to map
    //   partition keys to 128-bit integer values"
    // AWS: https://docs.aws.amazon.com/streams/latest/dev/example_kinesis_DescribeStream_section.html (a three-shard
    //   stream split in equal thirds: 0-113427455640312821154458202477256070484, ...485-...969,
    //   ...970-340282366920938463463374607431768211455)
    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SequenceNumberRange.html "Shards that are in the
    //   OPEN state have an ending sequence number of null"
    // Recorded: localstack/localstack tests/aws/services/cloudformation/resources/test_kinesis.snapshot.json
    //   test_kinesis.py::test_default_parameters_kinesis (one shard from 0 to 340282366920938463463374607431768211455,
    //   StartingSequenceNumber and no EndingSequenceNumber)
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

    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html#API_CreateStream_Errors
    //   (ResourceInUseException, "The resource is not available for this operation", is among CreateStream's errors;
    //   the name is unique per account and Region: "two streams in the same account, but in two different Regions, can
    //   have the same name"). The page does not spell out that a taken name is the case; the SDK's own integration
    //   tests met it so against AWS (aws/aws-sdk-java-v2#665, "so that we don't get ... ResourceInUseException").
    @Test
    void creatingAnExistingStreamIsRejected() {
        String name = streams.create("exists", 1);

        assertThatThrownBy(() -> kinesis.createStream(b -> b.streamName(name).shardCount(1)))
                .isInstanceOf(ResourceInUseException.class);
    }

    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStreamSummary.html (Errors) and
    //   https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html#API_PutRecord_Errors
    //   (ResourceNotFoundException: "The requested resource could not be found. The stream might not be specified
    //   correctly.")
    // Recorded: localstack/localstack tests/aws/services/kinesis/test_kinesis.snapshot.json
    //   TestKinesis::test_cbor_exceptions (DescribeStream of an unknown stream, in CBOR as the SDK sends it: 400,
    //   "__type": "ResourceNotFoundException")
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
