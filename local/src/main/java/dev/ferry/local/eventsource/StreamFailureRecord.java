package dev.ferry.local.eventsource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.deployment.EventSourceMappingSpec;
import dev.ferry.local.eventsource.StreamSource.Record;
import dev.ferry.local.lambda.InvokeResult;
import dev.ferry.local.lambda.Json;
import java.time.Instant;
import java.util.List;

/**
 * The record Lambda sends to a stream mapping's on-failure destination: it names the records (shard,
 * first and last sequence numbers, arrival times, count), it does not carry them; a consumer reads them
 * from the stream with those coordinates.
 */
final class StreamFailureRecord {
    private StreamFailureRecord() {}

    static ObjectNode of(String kind, EventSourceMappingSpec spec, String functionArn, String shardId,
                         List<Record> records, String condition, int invokeCount, InvokeResult last) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        ObjectNode request = r.putObject("requestContext");
        request.put("requestId", last == null ? java.util.UUID.randomUUID().toString() : last.requestId());
        request.put("functionArn", functionArn);
        request.put("condition", condition);
        request.put("approximateInvokeCount", invokeCount);
        ObjectNode response = r.putObject("responseContext");
        switch (last) {
            case InvokeResult.Success s -> {
                response.put("statusCode", 200);
                response.put("executedVersion", "$LATEST");
            }
            case InvokeResult.FunctionError e -> {
                response.put("statusCode", 200);
                response.put("executedVersion", "$LATEST");
                response.put("functionError", "Unhandled");
            }
            case InvokeResult.Throttled t -> response.put("statusCode", 429);
            case InvokeResult.Rejected e -> response.put("statusCode", 400);
            case null -> response.put("statusCode", 0);
        }
        r.put("version", "1.0");
        r.put("timestamp", Json.timestamp(Instant.now()));
        ObjectNode info = r.putObject(kind + "BatchInfo");
        info.put("shardId", shardId);
        info.put("startSequenceNumber", records.getFirst().sequenceNumber());
        info.put("endSequenceNumber", records.getLast().sequenceNumber());
        info.put("approximateArrivalOfFirstRecord", Json.timestamp(records.getFirst().arrival()));
        info.put("approximateArrivalOfLastRecord", Json.timestamp(records.getLast().arrival()));
        info.put("batchSize", records.size());
        info.put("streamArn", spec.eventSourceArn());
        return r;
    }
}
