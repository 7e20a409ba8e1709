package dev.ferry.local.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.front.Answer;
import dev.ferry.local.front.AnswerObserver;
import dev.ferry.local.front.RequestRules;
import dev.ferry.local.front.Verdict;
import dev.ferry.local.http.AwsCall;
import dev.ferry.local.http.HttpHead;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The SQS rules ElasticMQ 1.6.11 does not apply, applied in front of it: the batch request errors, the message
 * character set, a queue's own MaximumMessageSize, queue names, one purge per minute. Requests that pass go to
 * ElasticMQ unchanged, and its error answers get AWS's JSON-protocol shape ({@link ElasticMqErrors}). Where each rule
 * comes from is on {@link SqsLimits} and {@link SqsError}.
 */
final class SqsRules implements RequestRules {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final QueueBook queues;

    SqsRules(QueueBook queues) {
        this.queues = queues;
    }

    @Override
    public Verdict inspect(AwsCall call) {
        return switch (call.operation()) {
            case "SendMessage", "SendMessageBatch", "DeleteMessageBatch", "ChangeMessageVisibilityBatch", "CreateQueue",
                 "SetQueueAttributes", "GetQueueAttributes", "PurgeQueue", "DeleteQueue" -> SqsRequest.parameters(call)
                    .map(parameters -> judge(call, parameters))
                    .orElseGet(() -> Verdict.forward(ElasticMqErrors.of(call)));
            default -> Verdict.forward(ElasticMqErrors.of(call));
        };
    }

    private Verdict judge(AwsCall call, JsonNode parameters) {
        String queue = QueueBook.nameOf(parameters.path("QueueUrl").asText(""));
        try {
            return switch (call.operation()) {
                case "SendMessage" -> sendMessage(call, parameters, queue);
                case "SendMessageBatch" -> sendMessageBatch(call, parameters, queue);
                case "DeleteMessageBatch", "ChangeMessageVisibilityBatch" -> {
                    checkBatch(call.operation(), parameters.path("Entries"));
                    yield Verdict.forward(ElasticMqErrors.of(call));
                }
                case "CreateQueue" -> createQueue(call, parameters);
                case "SetQueueAttributes" -> setQueueAttributes(call, parameters, queue);
                case "GetQueueAttributes" -> getQueueAttributes(call, parameters, queue);
                case "PurgeQueue" -> purgeQueue(call, queue);
                case "DeleteQueue" -> Verdict.forward(ElasticMqErrors.of(call, () -> queues.forget(queue)));
                default -> Verdict.forward(ElasticMqErrors.of(call));
            };
        } catch (Refusal refusal) {
            return Verdict.refuse(refusal.error.answerTo(call));
        }
    }

    /** A rule the request breaks, as AWS reports it. */
    private static final class Refusal extends Exception {
        final SqsError error;

        Refusal(SqsError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }

    private Verdict sendMessage(AwsCall call, JsonNode parameters, String queue) throws Refusal {
        Optional<SqsError> problem = messageProblem(parameters, queues.maximumMessageSize(queue), false);
        if (problem.isPresent()) {
            throw new Refusal(problem.get());
        }
        return Verdict.forward(ElasticMqErrors.of(call));
    }

    /** What AWS refuses about one message (a SendMessage, or a batch entry when {@code inBatch}). */
    private static Optional<SqsError> messageProblem(JsonNode message, int maximumSize, boolean inBatch) {
        String body = message.path("MessageBody").asText("");
        if (!SqsLimits.hasOnlyAllowedCharacters(body)) {
            return Optional.of(SqsError.invalidMessageContents());
        }
        if (SqsLimits.messageSize(message) > maximumSize) {
            // In a batch AWS words it "cannot be validated" (test_send_batch_message_size in localstack/localstack's
            // tests/aws/services/sqs/test_sqs.snapshot.json, recorded on AWS).
            return Optional.of(inBatch
                    ? SqsError.invalidParameterValue("One or more parameters cannot be validated. Reason: Message must be"
                            + " shorter than " + maximumSize + " bytes.")
                    : SqsError.messageTooLong(maximumSize));
        }
        return Optional.empty();
    }

    /** The whole-batch errors every batch operation shares, in the order AWS checks them. */
    private static void checkBatch(String operation, JsonNode entries) throws Refusal {
        if (!entries.isArray() || entries.isEmpty()) {
            throw new Refusal(SqsError.emptyBatch(operation));
        }
        if (entries.size() > SqsLimits.MAX_BATCH_ENTRIES) {
            throw new Refusal(SqsError.tooManyEntries(entries.size()));
        }
        Set<String> ids = new HashSet<>();
        for (JsonNode entry : entries) {
            if (!SqsLimits.isValidBatchEntryId(entry.path("Id").asText(""))) {
                throw new Refusal(SqsError.invalidBatchEntryId());
            }
        }
        for (JsonNode entry : entries) {
            String id = entry.path("Id").asText("");
            if (!ids.add(id)) {
                throw new Refusal(SqsError.idsNotDistinct(id));
            }
        }
    }

    /**
     * Whole-batch errors first, then the size of all messages together against SQS's 1 MiB (not the queue's own
     * maximum: AWS accepted a batch of 2,049 bytes on a queue with MaximumMessageSize 2,048 in
     * test_send_message_batch_with_oversized_contents_with_updated_maximum_message_size, test_sqs.snapshot.json), then
     * each entry on its own: an entry AWS would fail is reported in {@code Failed} and the rest go to ElasticMQ.
     */
    private Verdict sendMessageBatch(AwsCall call, JsonNode parameters, String queue) throws Refusal {
        JsonNode entries = parameters.path("Entries");
        checkBatch(call.operation(), entries);
        long total = 0;
        for (JsonNode entry : entries) {
            total += SqsLimits.messageSize(entry);
        }
        if (total > SqsLimits.MAX_MESSAGE_BYTES) {
            throw new Refusal(SqsError.batchTooLong(total));
        }
        if (call.protocol() == AwsCall.Protocol.QUERY) {
            return Verdict.forward(ElasticMqErrors.of(call)); // per-entry failures are rewritten in JSON answers only
        }
        int maximum = queues.maximumMessageSize(queue);
        ArrayNode kept = JSON.createArrayNode();
        List<ObjectNode> failed = new ArrayList<>();
        for (JsonNode entry : entries) {
            Optional<SqsError> problem = messageProblem(entry, maximum, true);
            if (problem.isPresent()) {
                failed.add(failure(entry.path("Id").asText(), problem.get()));
            } else {
                kept.add(entry);
            }
        }
        if (failed.isEmpty()) {
            return Verdict.forward(ElasticMqErrors.batchOf(call, List.of()));
        }
        if (kept.isEmpty()) {
            ObjectNode answer = JSON.createObjectNode();
            answer.putArray("Successful");
            answer.putArray("Failed").addAll(failed);
            return Verdict.refuse(ElasticMqErrors.okJson(call, answer));
        }
        ObjectNode forwarded = ((ObjectNode) parameters.deepCopy()).set("Entries", kept);
        try {
            return Verdict.forward(ElasticMqErrors.batchOf(call, failed), JSON.writeValueAsBytes(forwarded));
        } catch (IOException e) {
            throw new IllegalStateException("could not re-encode a SendMessageBatch request: " + e.getMessage(), e);
        }
    }

    private static ObjectNode failure(String id, SqsError error) {
        return JSON.createObjectNode().put("Id", id).put("SenderFault", true).put("Code", error.queryCode())
                .put("Message", error.message());
    }

    private Verdict createQueue(AwsCall call, JsonNode parameters) throws Refusal {
        String name = parameters.path("QueueName").asText("");
        JsonNode attributes = parameters.path("Attributes");
        boolean fifo = attributes.path("FifoQueue").asText("false").equalsIgnoreCase("true");
        if (!SqsLimits.isValidQueueName(name, fifo)) {
            // The message follows the FifoQueue attribute, not the name: AWS answered a standard queue named
            // "messages.fifo" with the standard queue's message (boto/botocore#3058).
            throw new Refusal(SqsError.invalidQueueName(fifo));
        }
        Optional<Integer> maximum = maximumMessageSize(attributes);
        return Verdict.forward(ElasticMqErrors.of(call, () -> maximum.ifPresent(bytes -> queues.maximumMessageSize(name, bytes))));
    }

    private Verdict setQueueAttributes(AwsCall call, JsonNode parameters, String queue) throws Refusal {
        Optional<Integer> maximum = maximumMessageSize(parameters.path("Attributes"));
        return Verdict.forward(ElasticMqErrors.of(call, () -> maximum.ifPresent(bytes -> queues.maximumMessageSize(queue, bytes))));
    }

    /**
     * ElasticMQ drops MaximumMessageSize, so the front adds the size it keeps when the caller asks for it or for
     * {@code All} (AWS reports it: GetQueueAttributes,
     * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueAttributes.html). JSON answers only.
     */
    private Verdict getQueueAttributes(AwsCall call, JsonNode parameters, String queue) {
        boolean asked = false;
        for (JsonNode name : parameters.path("AttributeNames")) {
            asked |= name.asText().equals("All") || name.asText().equals("MaximumMessageSize");
        }
        if (!asked || call.protocol() != AwsCall.Protocol.JSON) {
            return Verdict.forward(ElasticMqErrors.of(call));
        }
        AnswerObserver errors = ElasticMqErrors.of(call);
        return Verdict.forward(new AnswerObserver() {
            @Override
            public boolean rewritesErrors() {
                return true;
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
                try {
                    JsonNode tree = JSON.readTree(body);
                    if (!(tree instanceof ObjectNode answer)) {
                        return body;
                    }
                    ObjectNode attributes = answer.get("Attributes") instanceof ObjectNode a ? a : answer.putObject("Attributes");
                    attributes.put("MaximumMessageSize", Integer.toString(queues.maximumMessageSize(queue)));
                    return JSON.writeValueAsBytes(answer);
                } catch (IOException unreadable) {
                    return body;
                }
            }
        });
    }

    /** A MaximumMessageSize attribute, checked against CreateQueue's documented 1,024 to 1,048,576 bytes. */
    private static Optional<Integer> maximumMessageSize(JsonNode attributes) throws Refusal {
        JsonNode value = attributes.path("MaximumMessageSize");
        if (value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        try {
            int bytes = Integer.parseInt(value.asText().trim());
            if (bytes >= SqsLimits.MIN_MAXIMUM_MESSAGE_SIZE && bytes <= SqsLimits.MAX_MESSAGE_BYTES) {
                return Optional.of(bytes);
            }
        } catch (NumberFormatException notANumber) {
            // refused below
        }
        throw new Refusal(SqsError.invalidAttributeValue("MaximumMessageSize"));
    }

    private Verdict purgeQueue(AwsCall call, String queue) throws Refusal {
        Optional<Instant> started = queues.startPurge(queue);
        if (started.isEmpty()) {
            throw new Refusal(SqsError.purgeInProgress(queue));
        }
        return Verdict.forward(new AnswerObserver() {
            private final AnswerObserver errors = ElasticMqErrors.of(call);

            @Override
            public boolean rewritesErrors() {
                return true;
            }

            @Override
            public Optional<Answer> failed(int status, HttpHead head, byte[] body) {
                queues.purgeFailed(queue, started.get());
                return errors.failed(status, head, body);
            }
        });
    }
}
