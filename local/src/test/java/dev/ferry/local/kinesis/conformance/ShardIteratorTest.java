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

    @Test
    void trimHorizonStartsAtTheOldestRecord() {
        assertThat(readFrom(ShardIteratorType.TRIM_HORIZON, null, null)).containsExactly("e0", "e1", "e2", "e3", "e4");
    }

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

    @Test
    void atSequenceNumberStartsWithThatRecord() {
        assertThat(readFrom(ShardIteratorType.AT_SEQUENCE_NUMBER, sequenceNumbers.get(2), null)).containsExactly("e2", "e3", "e4");
    }

    @Test
    void afterSequenceNumberStartsWithTheNextRecord() {
        assertThat(readFrom(ShardIteratorType.AFTER_SEQUENCE_NUMBER, sequenceNumbers.get(2), null)).containsExactly("e3", "e4");
    }

    @Test
    void atTimestampStartsWithTheFirstRecordArrivingAtOrAfterIt() {
        List<Record> all = streams.readAll(stream, shardId);
        Instant third = all.get(2).approximateArrivalTimestamp();
        List<String> expected = all.stream().filter(r -> !r.approximateArrivalTimestamp().isBefore(third)).map(Streams::text).toList();

        assertThat(expected).startsWith("e2");
        assertThat(readFrom(ShardIteratorType.AT_TIMESTAMP, null, third)).containsExactlyElementsOf(expected);
    }

    @Test
    void getRecordsHonoursItsLimitAndContinuesFromNextShardIterator() {
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shardId)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();

        var first = kinesis.getRecords(b -> b.shardIterator(iterator).limit(2));
        var rest = streams.readFrom(first.nextShardIterator());

        assertThat(first.records()).extracting(Streams::text).containsExactly("e0", "e1");
        assertThat(rest).extracting(Streams::text).containsExactly("e2", "e3", "e4");
    }

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

    @Test
    void sequenceNumberIteratorWithoutASequenceNumberIsRejected() {
        assertThatThrownBy(() -> kinesis.getShardIterator(b -> b.streamName(stream).shardId(shardId)
                .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)))
                .isInstanceOf(InvalidArgumentException.class);
    }
}
