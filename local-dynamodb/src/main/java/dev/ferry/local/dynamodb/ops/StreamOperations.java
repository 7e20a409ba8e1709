package dev.ferry.local.dynamodb.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.dynamodb.ApiException;
import dev.ferry.local.dynamodb.stream.SequenceNumbers;
import dev.ferry.local.dynamodb.stream.ShardIteratorToken;
import dev.ferry.local.dynamodb.stream.StreamLog;
import dev.ferry.local.dynamodb.stream.StreamRecord;
import dev.ferry.local.dynamodb.stream.StreamShard;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The DynamoDB Streams API: ListStreams, DescribeStream, GetShardIterator, GetRecords. */
final class StreamOperations {
    static final Duration ITERATOR_LIFETIME = Duration.ofMinutes(15);
    static final int MAX_RECORDS = 1000;
    static final long MAX_RESPONSE_BYTES = 1024 * 1024;
    private static final String ITERATOR_PREFIX = "ferry-iterator-v1|";

    private final Database db;

    StreamOperations(Database db) {
        this.db = db;
    }

    /** What a shard iterator encodes: a position in one shard and when the iterator was issued. */
    record Iterator(String streamArn, String shardId, long position, long issuedMillis) {
        String encode() {
            return new ShardIteratorToken(streamArn, shardId, position, issuedMillis).encode(ITERATOR_PREFIX);
        }

        static Iterator decode(String token) {
            ShardIteratorToken t = ShardIteratorToken.decode(ITERATOR_PREFIX, token).orElseThrow(() -> ApiException.validation(
                    "Invalid ShardIterator: it was not issued by GetShardIterator or GetRecords of this endpoint"));
            return new Iterator(t.streamArn(), t.shardId(), t.position(), t.issuedMillis());
        }
    }

    JsonNode listStreams(JsonNode req) {
        Optional<String> tableName = Req.optText(req, "TableName");
        int limit = Req.limit(req, 100).orElse(100);
        Optional<String> start = Req.optText(req, "ExclusiveStartStreamArn");
        List<StreamLog> streams = db.streams().stream()
                .filter(s -> tableName.map(t -> t.equals(s.tableName())).orElse(true)).toList();
        if (tableName.isPresent() && streams.isEmpty() && db.tables().stream().noneMatch(t -> t.name().equals(tableName.get()))) {
            throw ApiException.resourceNotFound("Requested resource not found: Table: " + tableName.get() + " not found");
        }
        int from = 0;
        if (start.isPresent()) {
            from = -1;
            for (int i = 0; i < streams.size(); i++) if (streams.get(i).arn().equals(start.get())) from = i + 1;
            if (from < 0) throw ApiException.validation("ExclusiveStartStreamArn " + start.get() + " is not a stream of this account");
        }
        ObjectNode response = Req.object();
        ArrayNode out = response.putArray("Streams");
        int to = Math.min(streams.size(), from + limit);
        for (int i = from; i < to; i++) {
            StreamLog s = streams.get(i);
            out.addObject().put("StreamArn", s.arn()).put("TableName", s.tableName()).put("StreamLabel", s.label());
        }
        if (to < streams.size()) response.put("LastEvaluatedStreamArn", streams.get(to - 1).arn());
        return response;
    }

    /**
     * Lists the shards parents first, a page of at most {@code Limit} (100) at a time, resuming after
     * {@code ExclusiveStartShardId}; {@code LastEvaluatedShardId} is set while more shards follow. The
     * {@code ShardFilter} of type {@code CHILD_SHARDS} keeps only the children of one shard
     * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_DescribeStream.html).
     */
    JsonNode describeStream(JsonNode req) {
        StreamLog s = stream(Req.text(req, "StreamArn"));
        int limit = Req.limit(req, 100).orElse(100);
        Optional<String> startShard = Req.optText(req, "ExclusiveStartShardId");
        Optional<String> childrenOf = childShardFilter(req);
        // Shard ids sort parents first, so a listing resumes after any id, even one trimmed away since.
        List<StreamShard> listed = s.shards(db.now()).stream()
                .filter(shard -> startShard.map(start -> shard.id().compareTo(start) > 0).orElse(true))
                .filter(shard -> childrenOf.map(parent -> shard.parentId().equals(Optional.of(parent))).orElse(true))
                .toList();
        ObjectNode response = Req.object();
        ObjectNode d = response.putObject("StreamDescription");
        d.put("StreamArn", s.arn());
        d.put("StreamLabel", s.label());
        d.put("StreamStatus", s.enabled() ? "ENABLED" : "DISABLED");
        d.put("StreamViewType", s.viewType());
        d.put("CreationRequestDateTime", s.created().toEpochMilli() / 1000.0);
        d.put("TableName", s.tableName());
        d.set("KeySchema", TableDescriptions.keySchema(s.keySchema()));
        ArrayNode shards = d.putArray("Shards");
        for (StreamShard shard : listed.subList(0, Math.min(limit, listed.size()))) {
            ObjectNode o = shards.addObject();
            o.put("ShardId", shard.id());
            ObjectNode range = o.putObject("SequenceNumberRange");
            range.put("StartingSequenceNumber", SequenceNumbers.format(shard.startingSequence()));
            shard.endingSequence().ifPresent(end -> range.put("EndingSequenceNumber", SequenceNumbers.format(end)));
            shard.parentId().ifPresent(parent -> o.put("ParentShardId", parent));
        }
        if (listed.size() > limit) d.put("LastEvaluatedShardId", listed.get(limit - 1).id());
        return response;
    }

    private static Optional<String> childShardFilter(JsonNode req) {
        JsonNode filter = req.get("ShardFilter");
        if (filter == null || filter.isNull()) return Optional.empty();
        if (!filter.isObject()) throw ApiException.validation("ShardFilter must be an object with Type CHILD_SHARDS and a ShardId");
        Req.oneOf(filter, "Type", "CHILD_SHARDS", "CHILD_SHARDS");
        return Optional.of(Req.optText(filter, "ShardId").orElseThrow(() -> ApiException.validation(
                "ShardFilter of Type CHILD_SHARDS needs the ShardId of the parent whose children you want")));
    }

    JsonNode getShardIterator(JsonNode req) {
        StreamLog s = stream(Req.text(req, "StreamArn"));
        String shardId = Req.text(req, "ShardId");
        String type = Req.oneOf(req, "ShardIteratorType", "", "TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER");
        Instant now = db.now();
        StreamShard shard = s.shard(shardId, now).orElseThrow(() -> ApiException.resourceNotFound(
                "Requested resource not found: Shard " + shardId + " does not exist in stream " + s.arn()
                        + " (closed shards are removed 24 hours after their last record); list the shards with DescribeStream"));
        long position = switch (type) {
            case "TRIM_HORIZON" -> shard.trimHorizon();
            case "LATEST" -> shard.end();
            default -> {
                String text = Req.optText(req, "SequenceNumber").orElseThrow(() -> ApiException.validation(
                        "SequenceNumber is required for ShardIteratorType " + type));
                long sequence = SequenceNumbers.parse(text).orElseThrow(() -> ApiException.validation(
                        "Invalid SequenceNumber: " + text));
                if (sequence < shard.startingSequence()) {
                    throw ApiException.validation("Invalid SequenceNumber: " + text + " is not in shard " + shardId);
                }
                if (shard.isTrimmed(sequence)) {
                    throw new ApiException("TrimmedDataAccessException", 400,
                            "The sequence number " + text + " is beyond the trim horizon of shard " + shardId + "; records older than 24 hours are gone");
                }
                if (sequence > shard.lastSequence().orElse(shard.startingSequence())) {
                    throw ApiException.validation("Invalid SequenceNumber: " + text + " is beyond the last record of shard " + shardId);
                }
                yield shard.positionOf(sequence, type.equals("AFTER_SEQUENCE_NUMBER"));
            }
        };
        ObjectNode response = Req.object();
        response.put("ShardIterator", new Iterator(s.arn(), shardId, position, now.toEpochMilli()).encode());
        return response;
    }

    JsonNode getRecords(JsonNode req) {
        String token = Req.text(req, "ShardIterator");
        int limit = Req.limit(req, MAX_RECORDS).orElse(MAX_RECORDS);
        Iterator it = Iterator.decode(token);
        StreamLog s = stream(it.streamArn());
        Instant now = db.now();
        Instant issued = Instant.ofEpochMilli(it.issuedMillis());
        if (issued.plus(ITERATOR_LIFETIME).isBefore(now)) {
            throw new ApiException("ExpiredIteratorException", 400, "Iterator expired. The iterator was created at time "
                    + issued + " while right now it is " + now + ". The iterator is valid for 15 minutes.");
        }
        StreamShard shard = s.shard(it.shardId(), now).orElseThrow(() -> new ApiException("TrimmedDataAccessException", 400,
                "The iterator points into shard " + it.shardId() + ", which is no longer in the stream: closed shards are removed "
                        + "24 hours after their last record. List the shards with DescribeStream and start again from TRIM_HORIZON"));
        if (it.position() < shard.trimHorizon()) {
            throw new ApiException("TrimmedDataAccessException", 400,
                    "The iterator points at records that have been trimmed: they were older than 24 hours. Start again from TRIM_HORIZON");
        }
        StreamShard.Page page = shard.read(it.position(), limit, MAX_RESPONSE_BYTES);
        ObjectNode response = Req.object();
        ArrayNode out = response.putArray("Records");
        for (StreamRecord r : page.records()) out.add(encode(r, s));
        // No next iterator once a closed shard is read to its end: the reader moves on to the children
        // (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetRecords.html).
        if (!page.endOfClosedShard()) {
            response.put("NextShardIterator", new Iterator(s.arn(), shard.id(), page.next(), now.toEpochMilli()).encode());
        }
        return response;
    }

    private ObjectNode encode(StreamRecord r, StreamLog s) {
        ObjectNode o = Req.object();
        o.put("eventID", r.eventId());
        o.put("eventName", r.eventName());
        o.put("eventVersion", "1.1");
        o.put("eventSource", "aws:dynamodb");
        o.put("awsRegion", db.region());
        ObjectNode d = o.putObject("dynamodb");
        d.put("ApproximateCreationDateTime", r.createdEpochSeconds());
        d.set("Keys", Req.encode(r.keys()));
        r.newImage().ifPresent(i -> d.set("NewImage", Req.encode(i)));
        r.oldImage().ifPresent(i -> d.set("OldImage", Req.encode(i)));
        d.put("SequenceNumber", SequenceNumbers.format(r.sequence()));
        d.put("SizeBytes", r.sizeBytes());
        d.put("StreamViewType", s.viewType());
        if (r.removedByTtl()) {
            o.putObject("userIdentity").put("PrincipalId", "dynamodb.amazonaws.com").put("Type", "Service");
        }
        return o;
    }

    private StreamLog stream(String arn) {
        return db.stream(arn).orElseThrow(() -> ApiException.resourceNotFound(
                "Requested resource not found: Stream: " + arn + " not found"));
    }
}
