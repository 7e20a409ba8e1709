package dev.ferry.local.kinesis.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** One shard holding e0..e4, read from every kind of starting position. */
@ExtendWith(KinesisTarget.Extension.class)
class ShardIteratorTest {

    private final KinesisClient kinesis;
    private final Streams streams;
    private String stream;
    private String shardId;
    private final List<String> sequenceNumbers = new ArrayList<>();

    ShardIteratorTest(KinesisTarget target) {
        this.kinesis = target.client();
        this.streams = new Streams(target);
    }

    @BeforeEach
    void streamWithFiveRecords() throws InterruptedException {
        stream = streams.create("iterators", 1);
        shardId = streams.shards(stream).getFirst().shardId();
        for (int i = 0; i < 5; i++) {
            sequenceNumbers.add(streams.put(stream, "k", "e" + i));
            Thread.sleep(20); // distinct arrival timestamps for AT_TIMESTAMP
        }
    }

    @AfterEach
    void deleteStreams() {
        streams.close();
    }

    private List<String> readFrom(ShardIteratorType type, String sequenceNumber, Instant timestamp) {
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shardId).shardIteratorType(type)
                .startingSequenceNumber(sequenceNumber).timestamp(timestamp)).shardIterator();
        return streams.readFrom(iterator).stream().map(Streams::text).toList();
    }

    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html TRIM_HORIZON "Start
    //   reading at the last untrimmed record in the shard in the system, which is the oldest data record in the shard."
    @Test
    void trimHorizonStartsAtTheOldestRecord() {
        assertThat(readFrom(ShardIteratorType.TRIM_HORIZON, null, null)).containsExactly("e0", "e1", "e2", "e3", "e4");
    }

    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html LATEST "Start reading just
    //   after the most recent record in the shard, so that you always read the most recent data in the shard."
    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html "If there are no records
    //   available in the portion of the shard that the iterator points to, GetRecords returns an empty list";
    //   NextShardIterator is null only once "the shard has been closed"
    @Test
    void latestSeesOnlyRecordsPutAfterTheIteratorWasTaken() {
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shardId)
                .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();
        var before = kinesis.getRecords(b -> b.shardIterator(iterator));

        streams.put(stream, "k", "e5");

        assertThat(before.records()).isEmpty();
        assertThat(before.nextShardIterator()).isNotBlank();
        assertThat(streams.readFrom(before.nextShardIterator())).extracting(Streams::text).containsExactly("e5");
    }

    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html AT_SEQUENCE_NUMBER "Start
    //   reading from the position denoted by a specific sequence number, provided in the value StartingSequenceNumber."
    @Test
    void atSequenceNumberStartsWithThatRecord() {
        assertThat(readFrom(ShardIteratorType.AT_SEQUENCE_NUMBER, sequenceNumbers.get(2), null)).containsExactly("e2", "e3", "e4");
    }

    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html AFTER_SEQUENCE_NUMBER
    //   "Start reading right after the position denoted by a specific sequence number, provided in the value
    //   StartingSequenceNumber."
    @Test
    void afterSequenceNumberStartsWithTheNextRecord() {
        assertThat(readFrom(ShardIteratorType.AFTER_SEQUENCE_NUMBER, sequenceNumbers.get(2), null)).containsExactly("e3", "e4");
    }

    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html Timestamp: "If a record
    //   with this exact time stamp does not exist, the iterator returned is for the next (later) record."
    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html "There are no guarantees about
    //   the time stamp accuracy, or that the time stamp is always increasing": the expectation is computed from the
    //   records' own ApproximateArrivalTimestamps (20 ms apart) rather than from the put order.
    @Test
    void atTimestampStartsWithTheFirstRecordArrivingAtOrAfterIt() {
        List<Record> all = streams.readAll(stream, shardId);
        Instant third = all.get(2).approximateArrivalTimestamp();
        List<String> expected = all.stream().filter(r -> !r.approximateArrivalTimestamp().isBefore(third)).map(Streams::text).toList();

        assertThat(expected).startsWith("e2");
        assertThat(readFrom(ShardIteratorType.AT_TIMESTAMP, null, third)).containsExactlyElementsOf(expected);
    }

    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html Limit "The maximum number of
    //   records to return"; NextShardIterator "The next position in the shard from which to start sequentially reading
    //   data records."
    @Test
    void getRecordsHonoursItsLimitAndContinuesFromNextShardIterator() {
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shardId)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();

        var first = kinesis.getRecords(b -> b.shardIterator(iterator).limit(2));
        var rest = streams.readFrom(first.nextShardIterator());

        assertThat(first.records()).extracting(Streams::text).containsExactly("e0", "e1");
        assertThat(rest).extracting(Streams::text).containsExactly("e2", "e3", "e4");
    }

    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html MillisBehindLatest "The number
    //   of milliseconds the GetRecords response is from the tip of the stream, indicating how far behind current time
    //   the consumer is. A value of zero indicates that record processing is caught up, and there are no new records to
    //   process at this moment."
    @Test
    void millisBehindLatestIsPositiveWhileBehindAndZeroWhenCaughtUp() throws InterruptedException {
        Thread.sleep(300);
        streams.put(stream, "k", "late");
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shardId)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();

        var behind = kinesis.getRecords(b -> b.shardIterator(iterator).limit(1));
        var caughtUp = kinesis.getRecords(b -> b.shardIterator(behind.nextShardIterator()));

        assertThat(behind.millisBehindLatest()).isGreaterThan(0L);
        assertThat(caughtUp.records()).extracting(Streams::text).containsExactly("e1", "e2", "e3", "e4", "late");
        assertThat(caughtUp.millisBehindLatest()).isZero();
    }

    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html StartingSequenceNumber is
    //   "Used with shard iterator type AT_SEQUENCE_NUMBER and AFTER_SEQUENCE_NUMBER"; InvalidArgumentException "A
    //   specified parameter exceeds its restrictions, is not supported, or can't be used". AWS's answer to this
    //   request, as quoted in akkadotnet/Alpakka#160: InvalidArgumentException "Must either specify (1)
    //   AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no
    //   StartingSequenceNumber."
    @Test
    void sequenceNumberIteratorWithoutASequenceNumberIsRejected() {
        assertThatThrownBy(() -> kinesis.getShardIterator(b -> b.streamName(stream).shardId(shardId)
                .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)))
                .isInstanceOf(InvalidArgumentException.class);
    }
}
