package dev.ferry.local.redrive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.local.eventsource.ShardRangeReader;
import dev.ferry.local.lambda.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A stream mapping's on-failure record, as Lambda sends it to the destination queue: the function
 * ({@code requestContext.functionArn}), why it gave up ({@code condition}) and the shard range of the records
 * ({@code KinesisBatchInfo} or {@code DDBStreamBatchInfo}: shard, first and last sequence number, stream ARN,
 * batch size). The shape is Lambda's documented one
 * (https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html,
 * https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html).
 *
 * @param batchSize how many records the failed batch held, when the record says
 */
public record StreamFailure(String functionArn, String condition, ShardRangeReader.Range range, OptionalInt batchSize) {

    /** Reads a queue message's body; an {@link IllegalArgumentException} says what a non-failure-record lacks. */
    public static StreamFailure parse(String body) {
        JsonNode record;
        try {
            record = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the message is not JSON, so not a stream on-failure record: " + e.getOriginalMessage());
        }
        if (record == null || !record.isObject()) throw new IllegalArgumentException("the message is not a JSON object, so not a stream on-failure record");
        JsonNode info = batchInfo(record);
        if (info == null) {
            throw new IllegalArgumentException("the message has no KinesisBatchInfo or DDBStreamBatchInfo, so it names no shard range");
        }
        String functionArn = text(record.path("requestContext"), "functionArn", "requestContext.functionArn");
        String condition = record.path("requestContext").path("condition").asText("unknown");
        ShardRangeReader.Range range = new ShardRangeReader.Range(text(info, "streamArn", "streamArn"), text(info, "shardId", "shardId"),
                text(info, "startSequenceNumber", "startSequenceNumber"), text(info, "endSequenceNumber", "endSequenceNumber"));
        JsonNode size = info.path("batchSize");
        return new StreamFailure(functionArn, condition, range, size.canConvertToInt() && size.isNumber() ? OptionalInt.of(size.asInt()) : OptionalInt.empty());
    }

    private static JsonNode batchInfo(JsonNode record) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = record.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().endsWith("BatchInfo") && field.getValue().isObject()) return field.getValue();
        }
        return null;
    }

    private static String text(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("the on-failure record has no " + what);
        }
        return value.asText();
    }
}
