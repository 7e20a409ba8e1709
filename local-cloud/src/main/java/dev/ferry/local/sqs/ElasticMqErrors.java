package dev.ferry.local.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.front.Answer;
import dev.ferry.local.front.AnswerObserver;
import dev.ferry.local.http.AwsCall;
import dev.ferry.local.http.HttpHead;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ElasticMQ's JSON-protocol answers in AWS's shape. ElasticMQ 1.6.11 sends {@code {"__type", "Message"}} without the
 * {@code x-amzn-query-error} header AWS sends (so SDK v2's {@code errorCode()} differs from AWS's), and reports some
 * errors under other codes: {@code InvalidAttributeValue} with message {@code InvalidMessageContents} or
 * {@code MessageTooLong}. The query codes below are AWS's, each recorded from AWS in localstack/localstack's
 * tests/aws/services/sqs/test_sqs.snapshot.json ({@code Code} beside {@code QueryErrorCode}) or shown in
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-json-api-responses.html
 * ({@code AWS.SimpleQueueService.NonExistentQueue} for {@code QueueDoesNotExist}).
 */
final class ElasticMqErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "com.amazonaws.sqs#";
    private static final byte[] FAILED = "\"Failed\"".getBytes(StandardCharsets.UTF_8);

    /** JSON shape to query code, where they differ from "same name". */
    private static final Map<String, String> QUERY_CODES = Map.ofEntries(
            Map.entry("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue"),
            Map.entry("QueueNameExists", "QueueAlreadyExists"),
            Map.entry("InvalidParameterValueException", "InvalidParameterValue"),
            Map.entry("MissingRequiredParameterException", "MissingParameter"),
            Map.entry("BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct"),
            Map.entry("TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest"),
            Map.entry("EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest"),
            Map.entry("InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId"),
            Map.entry("BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong"),
            Map.entry("PurgeQueueInProgress", "AWS.SimpleQueueService.PurgeQueueInProgress"),
            Map.entry("QueueDeletedRecently", "AWS.SimpleQueueService.QueueDeletedRecently"),
            Map.entry("UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation"),
            Map.entry("MessageNotInflight", "AWS.SimpleQueueService.MessageNotInflight"));

    /** ElasticMQ's 256 KiB limit, which it reports as "MessageTooLong". */
    private static final int ELASTICMQ_MESSAGE_LIMIT = 262_144;

    private ElasticMqErrors() {}

    static AnswerObserver of(AwsCall call) {
        return of(call, () -> { });
    }

    /** Rewrites error answers of a JSON-protocol call; {@code onSuccess} runs when ElasticMQ answers 2xx. */
    static AnswerObserver of(AwsCall call, Runnable onSuccess) {
        boolean json = call.protocol() == AwsCall.Protocol.JSON;
        return new AnswerObserver() {
            @Override
            public void succeeded() {
                onSuccess.run();
            }

            @Override
            public boolean rewritesErrors() {
                return json;
            }

            @Override
            public Optional<Answer> failed(int status, HttpHead head, byte[] body) {
                return head.header("x-amzn-query-error").isPresent() ? Optional.empty() : awsShape(status, body);
            }
        };
    }

    /**
     * For a JSON SendMessageBatch: errors rewritten as {@link #of}, and a successful answer's {@code Failed} list with
     * AWS's codes and the entries the front failed itself ({@code failedByFront}) added.
     */
    static AnswerObserver batchOf(AwsCall call, List<ObjectNode> failedByFront) {
        AnswerObserver errors = of(call);
        return new AnswerObserver() {
            @Override
            public boolean rewritesErrors() {
                return errors.rewritesErrors();
            }

            @Override
            public Optional<Answer> failed(int status, HttpHead head, byte[] body) {
                return errors.failed(status, head, body);
            }

            @Override
            public boolean rewritesSuccesses() {
                return true;
            }

            @Override
            public byte[] rewriteSuccess(byte[] body) {
                if (failedByFront.isEmpty() && !contains(body, FAILED)) {
                    return body; // the common case: every entry sent, nothing to rewrite
                }
                try {
                    JsonNode tree = JSON.readTree(body);
                    if (!(tree instanceof ObjectNode answer)) {
                        return body;
                    }
                    ArrayNode failed = answer.has("Failed") && answer.get("Failed").isArray()
                            ? (ArrayNode) answer.get("Failed") : answer.putArray("Failed");
                    for (JsonNode entry : failed) {
                        if (entry instanceof ObjectNode e) {
                            awsError(e.path("Code").asText(""), e.path("Message").asText(""))
                                    .ifPresent(error -> e.put("Code", error.queryCode()).put("Message", error.message()));
                        }
                    }
                    failed.addAll(failedByFront);
                    return JSON.writeValueAsBytes(answer);
                } catch (IOException unreadable) {
                    return body;
                }
            }
        };
    }

    private static boolean contains(byte[] body, byte[] part) {
        outer:
        for (int i = 0; i <= body.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (body[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** A 200 answer of the front's own in the JSON protocol. */
    static Answer okJson(AwsCall call, ObjectNode body) {
        return new Answer(200, SqsError.JSON_CONTENT_TYPE, Map.of(), body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<Answer> awsShape(int status, byte[] body) {
        try {
            JsonNode tree = JSON.readTree(body);
            String type = tree.path("__type").asText("");
            String shape = type.startsWith(PREFIX) ? type.substring(PREFIX.length()) : type;
            String message = tree.has("message") ? tree.path("message").asText("") : tree.path("Message").asText("");
            if (shape.isEmpty()) {
                return Optional.empty();
            }
            SqsError error = awsError(shape, message)
                    .orElseGet(() -> new SqsError(status, shape, QUERY_CODES.getOrDefault(shape, shape), message));
            return Optional.of(error.jsonAnswer());
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** ElasticMQ's codes that AWS reports differently. */
    private static Optional<SqsError> awsError(String code, String message) {
        if (code.equals("InvalidAttributeValue") && message.equals("InvalidMessageContents")) {
            return Optional.of(SqsError.invalidMessageContents());
        }
        if (code.equals("InvalidAttributeValue") && message.equals("MessageTooLong")) {
            return Optional.of(SqsError.messageTooLong(ELASTICMQ_MESSAGE_LIMIT));
        }
        return Optional.empty();
    }
}
