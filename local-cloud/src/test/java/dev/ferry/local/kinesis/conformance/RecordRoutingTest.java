package dev.ferry.local.kinesis.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;

@ExtendWith(KinesisTarget.Extension.class)
class RecordRoutingTest {

    private final KinesisClient kinesis;
    private final Streams streams;

    RecordRoutingTest(KinesisTarget target) {
        this.kinesis = target.client();
        this.streams = new Streams(target);
    }

    @AfterEach
    void deleteStreams() {
        streams.close();
    }

    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html "An MD5 hash function is used to
    //   map partition keys to 128-bit integer values and to map associated data records to shards using the hash key
    //   ranges of the shards"; "PutRecord returns the shard ID of where the data record was placed"
    @Test
    void putRecordLandsOnTheShardOwningTheMd5OfItsPartitionKey() {
        String stream = streams.create("routing", 4);
        List<Shard> shards = streams.shards(stream);

        for (int i = 0; i < 24; i++) {
            String key = "account-" + i;
            var result = kinesis.putRecord(b -> b.streamName(stream).partitionKey(key).data(SdkBytes.fromUtf8String(key)));

            assertThat(result.shardId()).as(key).isEqualTo(Streams.shardOwning(shards, Streams.hashKey(key)));
        }
    }

    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html ExplicitHashKey: "The hash value
    //   used to explicitly determine the shard the data record is assigned to by overriding the partition key hash."
    @Test
    void explicitHashKeyOverridesThePartitionKey() {
        String stream = streams.create("explicit-hash", 4);
        List<Shard> shards = streams.shards(stream);
        Shard last = shards.getLast();
        String key = IntStream.range(0, 100).mapToObj(i -> "key-" + i)
                .filter(k -> !Streams.shardOwning(shards, Streams.hashKey(k)).equals(last.shardId()))
                .findFirst().orElseThrow();

        var result = kinesis.putRecord(b -> b.streamName(stream).partitionKey(key)
                .explicitHashKey(last.hashKeyRange().startingHashKey()).data(SdkBytes.fromUtf8String("pinned")));

        assertThat(result.shardId()).isEqualTo(last.shardId());
        assertThat(streams.readAll(stream, last.shardId())).extracting(Streams::text).containsExactly("pinned");
    }

    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html "all data records with the same
    //   partition key map to the same shard"; "Each record in the response array directly correlates with a record in
    //   the request array using natural ordering"; "A successfully processed record includes ShardId and SequenceNumber
    //   values"
    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html "Each Amazon Kinesis record
    //   includes a value, ApproximateArrivalTimestamp, that is set when a stream successfully receives and stores a
    //   record"
    // Ferry's choice: each shard holding the request's records in the order they were sent. AWS promises less: the same
    //   PutRecords page says "PutRecords doesn't guarantee the ordering of records. If you need to read records in the
    //   same order they are written to the stream, use PutRecord instead of PutRecords" (in the context of partial
    //   failures; here none fails). kinesis-mock keeps the order; against AWS this assertion is stronger than AWS's
    //   word. The outbox relay does not depend on it: a request carries at most one event per subject
    //   (docs/toolkit.md).
    @Test
    void putRecordsRoutesEveryRecordAndEachShardKeepsTheOrderTheyWereSent() {
        String stream = streams.create("put-records", 3);
        List<Shard> shards = streams.shards(stream);
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            entries.add(PutRecordsRequestEntry.builder().partitionKey("aggregate-" + (i % 7))
                    .data(SdkBytes.fromUtf8String("event-" + i)).build());
        }

        var response = kinesis.putRecords(b -> b.streamName(stream).records(entries));

        assertThat(response.failedRecordCount()).isZero();
        Map<String, List<String>> sentPerShard = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            PutRecordsResultEntry result = response.records().get(i);
            String expectedShard = Streams.shardOwning(shards, Streams.hashKey(entries.get(i).partitionKey()));
            assertThat(result.shardId()).as("record %d", i).isEqualTo(expectedShard);
            assertThat(result.errorCode()).isNull();
            sentPerShard.computeIfAbsent(expectedShard, s -> new ArrayList<>()).add(entries.get(i).data().asUtf8String());
        }
        for (Shard shard : shards) {
            List<Record> read = streams.readAll(stream, shard.shardId());
            assertThat(read).extracting(Streams::text).as(shard.shardId())
                    .containsExactlyElementsOf(sentPerShard.getOrDefault(shard.shardId(), List.of()));
            assertThat(read).extracting(r -> new BigInteger(r.sequenceNumber())).isSorted().doesNotHaveDuplicates();
            assertThat(read).allSatisfy(r -> assertThat(r.approximateArrivalTimestamp()).isNotNull());
        }
    }

    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html "Sequence numbers increase over
    //   time and are specific to a shard within a stream"
    // Ferry's choice: strictly increasing for serial puts without SequenceNumberForOrdering. AWS guarantees that only
    //   with the parameter: "To guarantee strictly increasing ordering, write serially to a shard and use the
    //   SequenceNumberForOrdering parameter"; without it "records are coarsely ordered based on arrival time"
    //   (SequenceNumberForOrdering, same page). kinesis-mock numbers them strictly; against AWS this is stronger than
    //   AWS's word.
    @Test
    void successiveRecordsOfOneKeyGetIncreasingSequenceNumbers() {
        String stream = streams.create("sequence", 2);

        BigInteger first = new BigInteger(streams.put(stream, "order-1", "created"));
        BigInteger second = new BigInteger(streams.put(stream, "order-1", "paid"));
        BigInteger third = new BigInteger(streams.put(stream, "order-1", "shipped"));

        assertThat(List.of(first, second, third)).isSorted().doesNotHaveDuplicates();
    }
}
