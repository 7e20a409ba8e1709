package dev.ferry.local.eventsource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.lambda.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** A Kinesis data stream read with ListShards / GetShardIterator / GetRecords. */
final class KinesisSource implements StreamSource {
    private final KinesisClient kinesis;
    private final String streamArn;
    private final String streamName;
    private final String region;

    KinesisSource(KinesisClient kinesis, String streamArn) {
        this.kinesis = kinesis;
        this.streamArn = streamArn;
        this.streamName = streamArn.substring(streamArn.indexOf(":stream/") + ":stream/".length());
        this.region = streamArn.split(":")[3];
    }

    @Override
    public String kind() {
        return "Kinesis";
    }

    @Override
    public List<Shard> shards() {
        List<Shard> shards = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            ListShardsResponse r = token == null
                    ? kinesis.listShards(b -> b.streamName(streamName))
                    : kinesis.listShards(b -> b.nextToken(token));
            r.shards().forEach(s -> shards.add(new Shard(s.shardId(), Optional.ofNullable(s.parentShardId()),
                    Optional.ofNullable(s.adjacentParentShardId()))));
            next = r.nextToken();
        } while (next != null);
        return shards;
    }

    @Override
    public String iterator(String shardId, Start start) {
        return kinesis.getShardIterator(b -> {
            b.streamName(streamName).shardId(shardId);
            switch (start) {
                case Start.TrimHorizon t -> b.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                case Start.Latest l -> b.shardIteratorType(ShardIteratorType.LATEST);
                case Start.AtTimestamp a -> b.shardIteratorType(ShardIteratorType.AT_TIMESTAMP).timestamp(a.timestamp());
                case Start.AfterSequence s -> b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                        .startingSequenceNumber(s.sequenceNumber());
            }
        }).shardIterator();
    }

    @Override
    public Page read(String shardId, String iterator, int limit) {
        GetRecordsResponse r = kinesis.getRecords(b -> b.shardIterator(iterator).limit(Math.min(limit, 10_000)));
        List<Record> records = new ArrayList<>();
        for (var k : r.records()) {
            ObjectNode record = Json.MAPPER.createObjectNode();
            ObjectNode kin = record.putObject("kinesis");
            kin.put("kinesisSchemaVersion", "1.0");
            kin.put("partitionKey", k.partitionKey());
            kin.put("sequenceNumber", k.sequenceNumber());
            byte[] data = k.data().asByteArray();
            kin.put("data", Base64.getEncoder().encodeToString(data));
            kin.put("approximateArrivalTimestamp",
                    BigDecimal.valueOf(k.approximateArrivalTimestamp().toEpochMilli()).movePointLeft(3));
            record.put("eventSource", "aws:kinesis");
            record.put("eventVersion", "1.0");
            record.put("eventID", shardId + ":" + k.sequenceNumber());
            record.put("eventName", "aws:kinesis:record");
            record.put("invokeIdentityArn", "arn:aws:iam::000000000000:role/ferry-local-lambda");
            record.put("awsRegion", region);
            record.put("eventSourceARN", streamArn);
            ObjectNode view = kin.deepCopy();
            JsonNode parsed = Json.payloadNode(data);
            view.set("data", parsed);
            records.add(new Record(k.sequenceNumber(), k.approximateArrivalTimestamp(), record, view, k.partitionKey()));
        }
        return new Page(records, Optional.ofNullable(r.nextShardIterator()));
    }
}
