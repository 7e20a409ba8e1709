package dev.ferry.local.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * SQS's limits on queues and messages, with where AWS documents them.
 *
 * <ul>
 *   <li>1 MiB for a message and for the sum of a batch's messages: SendMessageBatch
 *       (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html); a queue's own
 *       {@code MaximumMessageSize} is 1,024 to 1,048,576 bytes, default 1,048,576 (CreateQueue, Attributes:
 *       https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html).</li>
 *   <li>A message's size is its body's UTF-8 bytes plus, per message attribute, its name, data type and value: AWS refuses
 *       a body of {@code limit - len("k") - len("String") - len("x") + 1} bytes with one attribute {@code k: String x}
 *       and accepts one byte less (test_send_oversized_message, recorded 2025-08-19, in localstack/localstack's
 *       tests/aws/services/sqs/test_sqs.snapshot.json).</li>
 *   <li>Allowed characters: #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF, else
 *       InvalidMessageContents (SendMessage, MessageBody).</li>
 *   <li>At most 10 entries in a batch; entry ids of 1 to 80 characters among {@code [A-Za-z0-9_-]}
 *       (SendMessageBatchRequestEntry, Id).</li>
 *   <li>Queue names: up to 80 characters, alphanumerics, hyphens and underscores; a FIFO queue's name ends in
 *       {@code .fifo}, which counts toward the 80 (CreateQueue, QueueName).</li>
 * </ul>
 */
final class SqsLimits {
    static final int MAX_MESSAGE_BYTES = 1_048_576;
    static final int MIN_MAXIMUM_MESSAGE_SIZE = 1_024;
    static final int MAX_BATCH_ENTRIES = 10;

    private static final Pattern BATCH_ENTRY_ID = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final Pattern QUEUE_NAME_CHARACTERS = Pattern.compile("[A-Za-z0-9_-]+");
    private static final int MAX_QUEUE_NAME = 80;
    private static final String FIFO_SUFFIX = ".fifo";

    private SqsLimits() {}

    static boolean isValidBatchEntryId(String id) {
        return BATCH_ENTRY_ID.matcher(id).matches();
    }

    /** Whether {@code name} may name a queue of this type. */
    static boolean isValidQueueName(String name, boolean fifo) {
        if (name.isEmpty() || name.length() > MAX_QUEUE_NAME || name.endsWith(FIFO_SUFFIX) != fifo) {
            return false;
        }
        String stem = fifo ? name.substring(0, name.length() - FIFO_SUFFIX.length()) : name;
        return QUEUE_NAME_CHARACTERS.matcher(stem).matches();
    }

    /** Whether every code point of {@code text} is one SQS accepts in a message. */
    static boolean hasOnlyAllowedCharacters(String text) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
            if (!allowed) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    /**
     * The size SQS counts for a message given as JSON fields: {@code MessageBody} and {@code MessageAttributes}
     * ({@code {name: {DataType, StringValue | BinaryValue (Base64)}}}).
     */
    static long messageSize(JsonNode message) {
        long size = utf8(message.path("MessageBody").asText(""));
        for (Iterator<Map.Entry<String, JsonNode>> it = message.path("MessageAttributes").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> attribute = it.next();
            JsonNode value = attribute.getValue();
            size += utf8(attribute.getKey()) + utf8(value.path("DataType").asText(""));
            if (value.hasNonNull("StringValue")) {
                size += utf8(value.get("StringValue").asText());
            }
            if (value.hasNonNull("BinaryValue")) {
                size += binaryLength(value.get("BinaryValue").asText());
            }
        }
        return size;
    }

    private static long binaryLength(String base64) {
        try {
            return Base64.getDecoder().decode(base64).length;
        } catch (IllegalArgumentException notBase64) {
            return utf8(base64); // the emulator will refuse it; count what was sent
        }
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
