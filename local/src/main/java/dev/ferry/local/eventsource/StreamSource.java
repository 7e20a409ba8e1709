package dev.ferry.local.eventsource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Kinesis or DynamoDB Streams, as a stream poller sees them. */
interface StreamSource {

    record Shard(String shardId, Optional<String> parentShardId, Optional<String> adjacentParentShardId) {}

    /** Where to start reading a shard. */
    sealed interface Start {
        record TrimHorizon() implements Start {}

        record Latest() implements Start {}

        record AtTimestamp(Instant timestamp) implements Start {}

        record AfterSequence(String sequenceNumber) implements Start {}
    }

    /**
     * One record: its sequence number, when it arrived (age checks), the record exactly as the function's
     * event carries it, the view filter patterns are matched against, and the key whose records must reach the
     * function in order (Kinesis: the partition key; DynamoDB: the item's key attributes).
     */
    record Record(String sequenceNumber, Instant arrival, ObjectNode eventRecord, JsonNode filterView, String orderingKey) {
        /** A record of a source that names no key: all such records keep one order, as if they shared a key. */
        Record(String sequenceNumber, Instant arrival, ObjectNode eventRecord, JsonNode filterView) {
            this(sequenceNumber, arrival, eventRecord, filterView, "");
        }
    }

    /** @param nextIterator empty when the shard is closed and has been read to its end */
    record Page(List<Record> records, Optional<String> nextIterator) {}

    /** "Kinesis" or "DynamoDB": the batch info name of failure records is derived from it. */
    String kind();

    List<Shard> shards();

    String iterator(String shardId, Start start);

    Page read(String shardId, String iterator, int limit);
}
