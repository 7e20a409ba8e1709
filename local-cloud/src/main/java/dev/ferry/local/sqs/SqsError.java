package dev.ferry.local.sqs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.front.Answer;
import dev.ferry.local.http.AwsCall;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * An SQS error as AWS sends it, in either protocol.
 *
 * <p>JSON protocol (what SDK v2 and current CLIs speak): {@code {"__type": "com.amazonaws.sqs#<shape>", "message": ...}}
 * plus the header {@code x-amzn-query-error: <query code>;Sender}
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-json-api-responses.html). SDK v2
 * picks the exception class by the shape and reports the query code as {@code awsErrorDetails().errorCode()} (its
 * {@code AwsJsonProtocolErrorUnmarshaller} reads the header for query-compatible services such as SQS).
 *
 * <p>Query protocol: {@code <ErrorResponse><Error><Type>Sender</Type><Code><query code></Code><Message>...</Message>
 * <Detail/></Error><RequestId>...</RequestId></ErrorResponse>}, as AWS answered DeleteMessageBatch in
 * https://github.com/aws/aws-sdk-php/issues/630.
 *
 * @param status    HTTP status
 * @param shape     the error shape of the SQS model, e.g. {@code BatchRequestTooLong}
 * @param queryCode the Query-protocol code, e.g. {@code AWS.SimpleQueueService.BatchRequestTooLong}
 * @param message   the message AWS gives
 */
record SqsError(int status, String shape, String queryCode, String message) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUERY_NAMESPACE = "http://queue.amazonaws.com/doc/2012-11-05/";
    private static final String LEGACY = "AWS.SimpleQueueService.";

    static final String JSON_CONTENT_TYPE = "application/x-amz-json-1.0";

    static SqsError emptyBatch(String operation) {
        // "There should be at least one DeleteMessageBatchRequestEntry in the request." (aws-sdk-php #630, AWS's
        // answer); the same for SendMessageBatch (localstack/localstack#1658, quoting AWS).
        return batch("EmptyBatchRequest", "There should be at least one " + operation + "RequestEntry in the request.");
    }

    static SqsError tooManyEntries(int sent) {
        // Recorded from AWS: tests/aws/services/sqs/test_sqs.snapshot.json in localstack/localstack,
        // test_too_many_entries_in_batch_request.
        return batch("TooManyEntriesInBatchRequest", "Maximum number of entries per request are 10. You have sent " + sent + ".");
    }

    static SqsError invalidBatchEntryId() {
        // Recorded from AWS: test_sqs.snapshot.json, test_invalid_batch_id and test_delete_message_batch_invalid_msg_id.
        return batch("InvalidBatchEntryId", "A batch entry id can only contain alphanumeric characters, hyphens and"
                + " underscores. It can be at most 80 letters long.");
    }

    static SqsError idsNotDistinct(String id) {
        // "Id 688a1987-... repeated." as AWS answered in https://github.com/elixir-broadway/broadway_sqs/issues/49.
        return batch("BatchEntryIdsNotDistinct", "Id " + id + " repeated.");
    }

    static SqsError batchTooLong(long sent) {
        // Recorded from AWS (2025-08-19): test_sqs.snapshot.json, test_send_message_batch_with_oversized_contents.
        return batch("BatchRequestTooLong", "Batch requests cannot be longer than " + SqsLimits.MAX_MESSAGE_BYTES
                + " bytes. You have sent " + sent + " bytes.");
    }

    static SqsError invalidMessageContents() {
        // The code is AWS's (SendMessage, Errors: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html);
        // the wording is LocalStack's rendering of the documented character set.
        return new SqsError(400, "InvalidMessageContents", "InvalidMessageContents", "Invalid characters found. Valid unicode"
                + " characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF");
    }

    static SqsError messageTooLong(int limit) {
        // Recorded from AWS: test_sqs.snapshot.json, test_send_oversized_message and
        // test_send_message_with_updated_maximum_message_size.
        return invalidParameterValue("One or more parameters are invalid. Reason: Message must be shorter than " + limit + " bytes.");
    }

    static SqsError invalidQueueName(boolean fifo) {
        // Standard: as AWS answered CreateQueue in https://github.com/jamesyonan/brenda/issues/19. FIFO: as AWS (through
        // CloudFormation) answered in https://github.com/aws-samples/aws-marketplace-serverless-saas-integration/issues/29.
        return invalidParameterValue(fifo
                ? "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end"
                        + " with .fifo suffix and be 1 to 80 in length."
                : "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
    }

    static SqsError purgeInProgress(String queueName) {
        // Recorded from AWS, HTTP 403: test_sqs.snapshot.json, test_successive_purge_calls_fail.
        return new SqsError(403, "PurgeQueueInProgress", LEGACY + "PurgeQueueInProgress",
                "Only one PurgeQueue operation on " + queueName + " is allowed every 60 seconds.");
    }

    static SqsError invalidAttributeValue(String attribute) {
        // AWS's form, as recorded for FifoQueue: "Invalid value for the parameter FifoQueue. Reason: ..."
        // (test_sqs.snapshot.json, InvalidAttributeValue).
        return new SqsError(400, "InvalidAttributeValue", "InvalidAttributeValue", "Invalid value for the parameter " + attribute + ".");
    }

    static SqsError invalidParameterValue(String message) {
        // The JSON shape of InvalidParameterValue is InvalidParameterValueException (test_sqs.snapshot.json records
        // QueryErrorCode "InvalidParameterValueException" beside Code "InvalidParameterValue").
        return new SqsError(400, "InvalidParameterValueException", "InvalidParameterValue", message);
    }

    private static SqsError batch(String shape, String message) {
        return new SqsError(400, shape, LEGACY + shape, message);
    }

    /** The answer in the protocol {@code call} was made in. */
    Answer answerTo(AwsCall call) {
        return call.protocol() == AwsCall.Protocol.QUERY ? queryAnswer() : jsonAnswer();
    }

    Answer jsonAnswer() {
        ObjectNode body = JSON.createObjectNode().put("__type", "com.amazonaws.sqs#" + shape).put("message", message);
        return new Answer(status, JSON_CONTENT_TYPE, Map.of("x-amzn-query-error", queryCode + ";Sender"),
                body.toString().getBytes(StandardCharsets.UTF_8));
    }

    Answer queryAnswer() {
        String xml = "<?xml version=\"1.0\"?><ErrorResponse xmlns=\"" + QUERY_NAMESPACE + "\"><Error><Type>Sender</Type>"
                + "<Code>" + escape(queryCode) + "</Code><Message>" + escape(message) + "</Message><Detail/></Error>"
                + "<RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>";
        return new Answer(status, "text/xml", Map.of(), xml.getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
