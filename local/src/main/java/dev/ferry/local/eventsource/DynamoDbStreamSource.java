package dev.ferry.local.eventsource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.lambda.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** A DynamoDB stream read with DescribeStream / GetShardIterator / GetRecords. */
final class DynamoDbStreamSource implements StreamSource {
    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final String region;

    DynamoDbStreamSource(DynamoDbStreamsClient streams, String streamArn) {
        this.streams = streams;
        this.streamArn = streamArn;
        this.region = streamArn.split(":")[3];
    }

    @Override
    public String kind() {
        return "DDBStream";
    }

    @Override
    public List<Shard> shards() {
        List<Shard> shards = new ArrayList<>();
        String last = null;
        do {
            String start = last;
            DescribeStreamResponse r = streams.describeStream(b -> {
                b.streamArn(streamArn);
                if (start != null) {
                    b.exclusiveStartShardId(start);
                }
            });
            r.streamDescription().shards().forEach(s -> shards.add(
                    new Shard(s.shardId(), Optional.ofNullable(s.parentShardId()), Optional.empty())));
            last = r.streamDescription().lastEvaluatedShardId();
        } while (last != null);
        return shards;
    }

    @Override
    public String iterator(String shardId, Start start) {
        return streams.getShardIterator(b -> {
            b.streamArn(streamArn).shardId(shardId);
            switch (start) {
                // DynamoDB Streams has no AT_TIMESTAMP; Lambda does not offer it for them either.
                case Start.TrimHorizon t -> b.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                case Start.AtTimestamp a -> b.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                case Start.Latest l -> b.shardIteratorType(ShardIteratorType.LATEST);
                case Start.AfterSequence s -> b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                        .sequenceNumber(s.sequenceNumber());
            }
        }).shardIterator();
    }

    /**
     * The item's key attributes (partition and sort key), the unit whose records Lambda keeps in order when it
     * processes a shard's batches in parallel; sorted by name, so that every record of an item yields the same text.
     */
    private static String itemKey(StreamRecord s) {
        return s.hasKeys() ? new java.util.TreeMap<>(s.keys()).toString() : "";
    }

    @Override
    public Page read(String shardId, String iterator, int limit) {
        GetRecordsResponse r = streams.getRecords(b -> b.shardIterator(iterator).limit(Math.min(limit, 1000)));
        List<Record> records = new ArrayList<>();
        for (var d : r.records()) {
            StreamRecord s = d.dynamodb();
            ObjectNode record = Json.MAPPER.createObjectNode();
            record.put("eventID", d.eventID());
            record.put("eventName", d.eventNameAsString());
            record.put("eventVersion", d.eventVersion() == null ? "1.1" : d.eventVersion());
            record.put("eventSource", "aws:dynamodb");
            record.put("awsRegion", d.awsRegion() == null ? region : d.awsRegion());
            ObjectNode db = record.putObject("dynamodb");
            Instant created = s.approximateCreationDateTime() == null ? Instant.now() : s.approximateCreationDateTime();
            db.put("ApproximateCreationDateTime", created.getEpochSecond());
            if (s.hasKeys()) {
                db.set("Keys", AttributeValues.item(s.keys()));
            }
            if (s.hasNewImage()) {
                db.set("NewImage", AttributeValues.item(s.newImage()));
            }
            if (s.hasOldImage()) {
                db.set("OldImage", AttributeValues.item(s.oldImage()));
            }
            db.put("SequenceNumber", s.sequenceNumber());
            if (s.sizeBytes() != null) {
                db.put("SizeBytes", s.sizeBytes());
            }
            if (s.streamViewTypeAsString() != null) {
                db.put("StreamViewType", s.streamViewTypeAsString());
            }
            record.put("eventSourceARN", streamArn);
            if (d.userIdentity() != null) {
                ObjectNode id = record.putObject("userIdentity");
                id.put("type", d.userIdentity().type());
                id.put("principalId", d.userIdentity().principalId());
            }
            records.add(new Record(s.sequenceNumber(), created, record, record, itemKey(s)));
        }
        return new Page(records, Optional.ofNullable(r.nextShardIterator()));
    }
}
