package dev.ferry.local.kinesis.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.Tag;
import software.amazon.awssdk.services.kinesis.model.ValidationException;

/** What the local system and the CDK set on a stream besides its shards: mode, retention, tags; the partition key. */
@ExtendWith(KinesisTarget.Extension.class)
class StreamOptionsTest {

    private final KinesisTarget target;
    private final KinesisClient kinesis;
    private final Streams streams;

    StreamOptionsTest(KinesisTarget target) {
        this.target = target;
        this.kinesis = target.client();
        this.streams = new Streams(target);
    }

    @AfterEach
    void deleteStreams() {
        streams.close();
    }

    // Recorded: localstack/localstack tests/aws/services/kinesis/test_kinesis.snapshot.json
    //   TestKinesis::test_create_stream_without_shard_count (a stream created without ShardCount, described on AWS:
    //   four shards)
    @Test
    void aStreamCreatedWithoutAShardCountHasFourShards() {
        String name = target.uniqueName("no-count");
        kinesis.createStream(b -> b.streamName(name));
        streams.adopt(name);

        assertThat(streams.waitUntilActive(name).shards()).hasSize(4);
    }

    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StreamModeDetails.html (StreamMode
    //   PROVISIONED | ON_DEMAND); an on-demand stream is created without a shard count, and AWS sizes it (four shards
    //   at first, as for a stream without ShardCount above)
    @Test
    void anOnDemandStreamIsDescribedAsSuch() {
        String name = target.uniqueName("on-demand");
        kinesis.createStream(b -> b.streamName(name).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
        streams.adopt(name);
        streams.waitUntilActive(name);

        var summary = kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary();

        assertThat(summary.streamModeDetails().streamMode()).isEqualTo(StreamMode.ON_DEMAND);
        assertThat(summary.openShardCount()).isPositive();
    }

    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_IncreaseStreamRetentionPeriod.html "The maximum
    //   value of a stream's retention period is 8760 hours"; API_DecreaseStreamRetentionPeriod "The minimum value of a
    //   stream's retention period is 24 hours"; both list InvalidArgumentException ("A specified parameter exceeds its
    //   restrictions, is not supported, or can't be used").
    // Ferry's choice: an increase to less than the current period is refused as InvalidArgumentException (the
    //   operation increases); AWS accepts the current value unchanged, which Terraform relies on (floci-io/floci#352).
    @Test
    void retentionIncreasesAndDecreasesWithinItsBounds() {
        String name = streams.create("retention", 1);

        kinesis.increaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(48));
        streams.waitUntilActive(name);
        assertThat(kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().retentionPeriodHours())
                .isEqualTo(48);
        assertThatThrownBy(() -> kinesis.increaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(36)))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> kinesis.increaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(8761)))
                .isInstanceOf(InvalidArgumentException.class);

        kinesis.decreaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(24));
        streams.waitUntilActive(name);
        assertThat(kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().retentionPeriodHours())
                .isEqualTo(24);
        assertThatThrownBy(() -> kinesis.decreaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(23)))
                .isInstanceOf(InvalidArgumentException.class);
    }

    // Recorded: localstack/localstack tests/aws/services/kinesis/test_kinesis.snapshot.json
    //   TestKinesis::test_add_tags_to_stream (AddTagsToStream {"foo": "bar"}, then ListTagsForStream on AWS:
    //   {"Key": "foo", "Value": "bar"}, HasMoreTags false)
    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_RemoveTagsFromStream.html
    @Test
    void tagsAddedToAStreamAreListedAndCanBeRemoved() {
        String name = streams.create("tags", 1);

        kinesis.addTagsToStream(b -> b.streamName(name).tags(Map.of("foo", "bar", "team", "orders")));
        var listed = kinesis.listTagsForStream(b -> b.streamName(name));

        assertThat(listed.tags()).containsExactlyInAnyOrder(Tag.builder().key("foo").value("bar").build(),
                Tag.builder().key("team").value("orders").build());
        assertThat(listed.hasMoreTags()).isFalse();
        kinesis.removeTagsFromStream(b -> b.streamName(name).tagKeys("team"));
        assertThat(kinesis.listTagsForStream(b -> b.streamName(name)).tags()).extracting(Tag::key).containsExactly("foo");
    }

    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html PartitionKey "Length
    //   Constraints: Minimum length of 1. Maximum length of 256." A modelled constraint: AWS's request validation
    //   answers ValidationException "1 validation error detected: Value '...' at '...' failed to satisfy constraint:
    //   Member must have length less than or equal to N" (the form quoted in awslabs/kinesis-aggregation#30).
    // Known difference of the kinesis-mock engine: InvalidArgumentException (docs/local-cloud.md, Kinesis).
    @Test
    void aPartitionKeyLongerThan256CharactersIsAValidationError() {
        String name = streams.create("long-key", 1);
        String key = "k".repeat(257);

        var refused = assertThatThrownBy(() -> kinesis.putRecord(b -> b.streamName(name).partitionKey(key)
                .data(SdkBytes.fromUtf8String("x"))))
                .isInstanceOf(KinesisException.class)
                .satisfies(e -> assertThat(((KinesisException) e).statusCode()).isEqualTo(400));
        if (target.isEmbeddedKinesisMock()) {
            refused.isInstanceOf(InvalidArgumentException.class);
        } else {
            refused.isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Member must have length less than or equal to 256");
        }
        kinesis.putRecord(b -> b.streamName(name).partitionKey("k".repeat(256)).data(SdkBytes.fromUtf8String("x")));
    }
}
