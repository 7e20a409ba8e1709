package dev.ferry.local.faults.outage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.ferry.local.http.AwsCall;
import dev.ferry.local.http.AwsResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The answer AWS gives a call during an outage, in the protocol the call was made in.
 *
 * <p>Where the codes come from:
 * <ul>
 *   <li>SNS: {@code InternalError} (500) is Publish's documented internal error
 *       (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html, Errors), which the SDK maps to
 *       {@code InternalErrorException}; {@code ServiceUnavailable} (503) and {@code ThrottlingException} (400)
 *       are SNS's common errors (https://docs.aws.amazon.com/sns/latest/api/CommonErrors.html); AWS's
 *       knowledge center shows Publish throttled as "ThrottlingException ... Rate exceeded"
 *       (https://repost.aws/knowledge-center/sns-throttling-exception-errors). Query-protocol errors are an
 *       {@code ErrorResponse} document with {@code Type}, {@code Code}, {@code Message} and {@code RequestId},
 *       as Ferry's SNS emulator also answers.</li>
 *   <li>Kinesis: {@code InternalFailure} (500) and {@code ServiceUnavailable} (503) are its common errors
 *       (https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonErrors.html; a real InternalFailure
 *       as a producer logged it: https://github.com/awslabs/amazon-kinesis-producer/issues/30);
 *       {@code ProvisionedThroughputExceededException} (400) is PutRecord's throttling error, and in a PutRecords
 *       answer each failed record carries {@code ErrorCode} {@code ProvisionedThroughputExceededException}
 *       with a message naming the stream and account
 *       (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecordsResultEntry.html). JSON-protocol
 *       errors are {@code {"__type": code, "message": text}}; the SDK reads the same fields from a CBOR body.</li>
 * </ul>
 */
record FailureResponse(int status, String reason, String contentType, byte[] body) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CBORMapper CBOR = new CBORMapper();
    /** The account of the local cloud, named in Kinesis throttling messages when the request gives no stream ARN. */
    private static final String LOCAL_ACCOUNT = "000000000000";
    private static final String SNS_NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";

    private record ErrorCode(int status, String code, boolean senderFault, String message) {}

    static FailureResponse of(OutageService service, OutageKind kind, AwsCall call, String function, String requestId) {
        String note = " (Ferry outage for " + function + ")";
        if (service == OutageService.KINESIS && kind == OutageKind.THROTTLING && call.operation().equals("PutRecords")
                && call.protocol() != AwsCall.Protocol.QUERY) {
            try {
                return everyRecordThrottled(call, note);
            } catch (IOException | RuntimeException unreadable) {
                // Not a PutRecords body we can read: throttle the whole request instead.
            }
        }
        ErrorCode error = errorCode(service, kind, call, note);
        return switch (call.protocol()) {
            case QUERY -> queryError(error, requestId);
            case JSON, CBOR -> {
                ObjectNode body = JSON.createObjectNode().put("__type", error.code()).put("message", error.message());
                yield new FailureResponse(error.status(), reason(error.status()), call.contentType(), encode(call, body));
            }
        };
    }

    private static ErrorCode errorCode(OutageService service, OutageKind kind, AwsCall call, String note) {
        return switch (service) {
            case SNS -> switch (kind) {
                case UNAVAILABLE -> new ErrorCode(503, "ServiceUnavailable", false, "Service Unavailable" + note);
                case INTERNAL_ERROR -> new ErrorCode(500, "InternalError", false, "Internal Error" + note);
                case THROTTLING -> new ErrorCode(400, "ThrottlingException", true, "Rate exceeded" + note);
            };
            case KINESIS -> switch (kind) {
                case UNAVAILABLE -> new ErrorCode(503, "ServiceUnavailable", false, "Service Unavailable" + note);
                case INTERNAL_ERROR -> new ErrorCode(500, "InternalFailure", false, "Internal service failure." + note);
                case THROTTLING -> new ErrorCode(400, "ProvisionedThroughputExceededException", true,
                        throttledMessage(readQuietly(call)) + note);
            };
        };
    }

    /** PutRecords throttled on every shard: HTTP 200, every record failed, as a caller has to look for. */
    private static FailureResponse everyRecordThrottled(AwsCall call, String note) throws IOException {
        JsonNode request = read(call);
        JsonNode records = request.path("Records");
        if (!records.isArray()) {
            throw new IOException("no Records array");
        }
        String message = throttledMessage(request) + note;
        ObjectNode body = JSON.createObjectNode().put("FailedRecordCount", records.size());
        ArrayNode results = body.putArray("Records");
        for (int i = 0; i < records.size(); i++) {
            results.addObject().put("ErrorCode", "ProvisionedThroughputExceededException").put("ErrorMessage", message);
        }
        return new FailureResponse(200, "OK", call.contentType(), encode(call, body));
    }

    private static String throttledMessage(JsonNode request) {
        String arn = request.path("StreamARN").asText("");
        String stream = request.path("StreamName").asText("");
        String account = LOCAL_ACCOUNT;
        if (!arn.isEmpty()) {
            String[] parts = arn.split(":", 6);
            account = parts.length > 4 ? parts[4] : account;
            stream = arn.substring(arn.indexOf("stream/") + "stream/".length());
        }
        return "Rate exceeded for every shard in stream " + stream + " under account " + account + ".";
    }

    private static JsonNode readQuietly(AwsCall call) {
        try {
            return read(call);
        } catch (IOException | RuntimeException unreadable) {
            return JSON.createObjectNode();
        }
    }

    private static JsonNode read(AwsCall call) throws IOException {
        return call.protocol() == AwsCall.Protocol.CBOR ? CBOR.readTree(call.content()) : JSON.readTree(call.content());
    }

    private static byte[] encode(AwsCall call, ObjectNode body) {
        try {
            return call.protocol() == AwsCall.Protocol.CBOR ? CBOR.writeValueAsBytes(body) : JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode an outage answer: " + e.getMessage(), e);
        }
    }

    private static FailureResponse queryError(ErrorCode error, String requestId) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse xmlns=\"" + SNS_NAMESPACE + "\">"
                + "<Error><Type>" + (error.senderFault() ? "Sender" : "Receiver") + "</Type>"
                + "<Code>" + error.code() + "</Code><Message>" + escape(error.message()) + "</Message></Error>"
                + "<RequestId>" + requestId + "</RequestId></ErrorResponse>";
        return new FailureResponse(error.status(), reason(error.status()), "text/xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }

    /** The whole HTTP/1.1 response: status line, headers, body. */
    byte[] toHttp(String requestId, boolean closeConnection) {
        String type = contentType.isEmpty() ? "application/x-amz-json-1.1" : contentType;
        return AwsResponse.bytes(status, reason, requestId, type, Map.of(), body, closeConnection);
    }
}
