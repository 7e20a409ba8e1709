package dev.ferry.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Why a dead letter is dead, in a few lines: the reason a Ferry consumer attached ({@code ferry-failure-reason}
 * and friends), the condition and batch of a stream mapping's on-failure record, or else the receive count
 * after which the queue's redrive policy moved it.
 */
final class FailureReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BODY_CHARS = 400;

    private FailureReport() {
    }

    static String render(DeadLetterQueues.Letter letter) {
        StringBuilder out = new StringBuilder();
        out.append("- message ").append(letter.messageId())
                .append(letter.sent().map(t -> "  sent " + t).orElse(""))
                .append("  received ").append(letter.receiveCount()).append("x").append(System.lineSeparator());
        Map<String, String> a = letter.attributes();
        Optional<JsonNode> onFailure = onFailureRecord(letter.body());
        if (a.containsKey("ferry-failure-reason")) {
            field(out, "reason", a.get("ferry-failure-reason"));
            field(out, "consumer", a.getOrDefault("ferry-consumer", "-") + ", after " + a.getOrDefault("ferry-attempts", "?")
                    + " attempt(s), source message " + a.getOrDefault("ferry-source-id", "-"));
        } else if (onFailure.isPresent()) {
            JsonNode record = onFailure.get();
            JsonNode context = record.path("requestContext");
            field(out, "reason", context.path("condition").asText("?") + " (function "
                    + SystemSummary.shortName(context.path("functionArn").asText("?")) + ", "
                    + context.path("approximateInvokeCount").asText("?") + " invocation(s)"
                    + (record.path("responseContext").has("functionError")
                    ? ", error " + record.path("responseContext").path("functionError").asText() : "") + ")");
            JsonNode info = batchInfo(record);
            field(out, "records", info.path("batchSize").asText("?") + " record(s) of " + SystemSummary.shortName(info.path("streamArn").asText("?"))
                    + " shard " + info.path("shardId").asText("?") + ", sequence " + info.path("startSequenceNumber").asText("?")
                    + " .. " + info.path("endSequenceNumber").asText("?"));
            readCommand(info).ifPresent(command -> field(out, "read with", command));
        } else {
            field(out, "reason", "none attached: the queue's redrive policy moved it after " + letter.receiveCount()
                    + " receive(s) without a delete (the consumer failed or timed out each time)");
        }
        a.forEach((name, value) -> {
            if (!name.startsWith("ferry-")) field(out, name, value);
        });
        if (onFailure.isEmpty()) {
            String body = letter.body().replaceAll("\\s*\\R\\s*", " ");
            field(out, "body", body.length() > BODY_CHARS ? body.substring(0, BODY_CHARS) + "... (" + body.length() + " chars)" : body);
        }
        return out.toString();
    }

    /**
     * The AWS CLI call that fetches the first record the failure names. A stream has several shards (and a
     * DynamoDB table may have had several streams), so the records are found only by the full stream ARN,
     * the shard and the sequence number together.
     */
    private static Optional<String> readCommand(JsonNode info) {
        String arn = info.path("streamArn").asText("");
        String shard = info.path("shardId").asText("");
        String sequence = info.path("startSequenceNumber").asText("");
        if (shard.isEmpty() || sequence.isEmpty()) return Optional.empty();
        if (arn.startsWith("arn:aws:dynamodb:") && arn.contains("/stream/")) {
            return Optional.of("aws dynamodbstreams get-shard-iterator --stream-arn " + arn + " --shard-id " + shard
                    + " --shard-iterator-type AT_SEQUENCE_NUMBER --sequence-number " + sequence + ", then get-records");
        }
        if (arn.startsWith("arn:aws:kinesis:") && arn.contains(":stream/")) {
            return Optional.of("aws kinesis get-shard-iterator --stream-arn " + arn + " --shard-id " + shard
                    + " --shard-iterator-type AT_SEQUENCE_NUMBER --starting-sequence-number " + sequence + ", then get-records");
        }
        return Optional.empty();
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append(String.format("    %-14s %s%n", name, value));
    }

    /** The body as a Lambda on-failure record ({@code requestContext} + {@code *BatchInfo}), if it is one. */
    private static Optional<JsonNode> onFailureRecord(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.has("requestContext") && !batchInfo(node).isMissingNode() ? Optional.of(node) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static JsonNode batchInfo(JsonNode record) {
        for (Iterator<String> names = record.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.endsWith("BatchInfo")) return record.get(name);
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
