package dev.ferry.local.kinesis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.ferry.local.front.Answer;
import dev.ferry.local.http.AwsCall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A Kinesis error as AWS sends it: HTTP 400 and {@code {"__type": code, "message": text}}, in JSON or, for the SDK
 * v2 default, CBOR (the SDK reads the same fields from either). Codes and wording:
 * <ul>
 *   <li>{@code ValidationException} with "1 validation error detected: Value '...' at 'member' failed to satisfy
 *       constraint: Member must have length less than or equal to N" is AWS's request validation, as AWS answered for
 *       'data' in https://github.com/awslabs/kinesis-aggregation/issues/30 and for 'records.N.member.data' in
 *       https://github.com/osquery/osquery/issues/3568. The list bounds (1 to 500 records) are PutRecords' own
 *       (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html, Records).</li>
 *   <li>{@code InvalidArgumentException} "Records size exceeds 5 MB limit" is AWS's answer to an oversized request
 *       (https://github.com/aws/amazon-kinesis-streams-for-fluent-bit/issues/21); the limit is 10 MiB since records of up
 *       to 10 MiB were introduced (PutRecords: "up to a limit of 10 MiB for the entire request, including partition
 *       keys"), and the message here says so.</li>
 * </ul>
 */
public record KinesisError(String code, String message) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CBORMapper CBOR = new CBORMapper();

    public static KinesisError recordsLength(int count) {
        String bound = count == 0 ? "greater than or equal to 1" : "less than or equal to " + KinesisLimits.MAX_RECORDS;
        return new KinesisError("ValidationException", "1 validation error detected: Value '[" + count + " records]' at"
                + " 'records' failed to satisfy constraint: Member must have length " + bound);
    }

    public static KinesisError requestTooLarge() {
        return new KinesisError("InvalidArgumentException", "Records size exceeds " + KinesisLimits.MAX_REQUEST_MIB + " MB limit");
    }

    public static KinesisError recordTooLarge(long size, int maximum) {
        // kinesis-mock's wording for PutRecord's data alone, counting the partition key as AWS does.
        return new KinesisError("InvalidArgumentException", "Record size " + size + " (data and partition key) exceeds the"
                + " stream's max record size of " + maximum + " bytes");
    }

    /** The answer in the protocol (JSON or CBOR) the call was made in. */
    public Answer answerTo(AwsCall call) {
        ObjectNode body = JSON.createObjectNode().put("__type", code).put("message", message);
        boolean cbor = call.protocol() == AwsCall.Protocol.CBOR;
        try {
            return new Answer(400, cbor ? "application/x-amz-cbor-1.1" : "application/x-amz-json-1.1", Map.of(),
                    cbor ? CBOR.writeValueAsBytes(body) : JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode a Kinesis error: " + e.getMessage(), e);
        }
    }
}
