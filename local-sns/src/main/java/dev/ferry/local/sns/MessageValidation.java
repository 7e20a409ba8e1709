package dev.ferry.local.sns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The checks Publish applies to a message before it touches the topic. */
final class MessageValidation {
    /** 256 KB for the body and all attributes together. */
    static final int MAX_MESSAGE_BYTES = 262_144;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GROUP_OR_DEDUP_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private MessageValidation() {}

    /** The byte size SNS counts against its limit. */
    static int size(PublishRequest request) {
        int size = MessageAttribute.utf8(request.message());
        for (Map.Entry<String, MessageAttribute> e : request.attributes().entrySet()) {
            size += e.getValue().size(e.getKey());
        }
        return size;
    }

    static void validate(PublishRequest request) {
        validate(request, "");
    }

    /**
     * Validates a Publish request, or a PublishBatch entry whose parameters are named under {@code path}
     * ({@code publishBatchRequestEntries.N.member.}), as AWS names them in validation errors.
     */
    static void validate(PublishRequest request, String path) {
        if (request.message().isEmpty()) {
            throw SnsException.invalidParameter("Empty message");
        }
        request.subject().ifPresent(MessageValidation::subject);
        request.attributes().forEach((name, attribute) -> attribute(path, name, attribute));
        if (size(request) > MAX_MESSAGE_BYTES) {
            throw SnsException.invalidParameter("Message too long");
        }
        request.messageGroupId().ifPresent(id -> idFormat("MessageGroupId", id));
        request.messageDeduplicationId().ifPresent(id -> idFormat("MessageDeduplicationId", id));
    }

    /** The protocol-specific bodies of a {@code MessageStructure=json} message, {@code default} included. */
    static Map<String, String> structure(PublishRequest request) {
        if (request.messageStructure().isEmpty()) {
            return Map.of();
        }
        if (!request.messageStructure().get().equals("json")) {
            throw SnsException.invalidParameter("MessageStructure Reason: the only supported value is json");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(request.message());
        } catch (Exception e) {
            throw SnsException.invalidParameter("Message Structure - JSON message body failed to parse");
        }
        if (tree == null || !tree.isObject()) {
            throw SnsException.invalidParameter("Message Structure - JSON message body failed to parse");
        }
        if (!tree.has("default")) {
            throw SnsException.invalidParameter("Message Structure - No default entry in JSON message body");
        }
        Map<String, String> bodies = new LinkedHashMap<>();
        tree.fields().forEachRemaining(field -> bodies.put(field.getKey(),
                field.getValue().isTextual() ? field.getValue().textValue() : field.getValue().toString()));
        return bodies;
    }

    private static void subject(String subject) {
        if (subject.isEmpty() || subject.length() > 100) {
            throw SnsException.invalidParameter("Subject Reason: must be 1 to 100 characters long");
        }
        for (char c : subject.toCharArray()) {
            if (c < 0x20 || c > 0x7E) {
                throw SnsException.invalidParameter(
                        "Subject Reason: must be ASCII text without line breaks or control characters");
            }
        }
        if (Character.isWhitespace(subject.charAt(0))) {
            throw SnsException.invalidParameter("Subject Reason: must not start with whitespace");
        }
    }

    private static void idFormat(String parameter, String id) {
        if (!GROUP_OR_DEDUP_ID.matcher(id).matches()) {
            throw SnsException.invalidParameter(parameter + " Reason: must be 1 to 128 characters among"
                    + " letters, digits and punctuation");
        }
    }

    /**
     * AWS's checks and wording for message attributes, as recorded on AWS (test_empty_or_wrong_message_attributes in
     * localstack/localstack's tests/aws/services/sns/test_sns.snapshot.json, 2024-11-15): all ParameterValueInvalid,
     * but a missing data type, which fails request validation (ValidationError).
     */
    private static void attribute(String path, String name, MessageAttribute attribute) {
        attributeName(name);
        String type = attribute.dataType();
        if (type.isEmpty()) {
            throw new SnsException("ValidationError", 400, true, "1 validation error detected: Value null at '" + path
                    + "messageAttributes." + name + ".member.dataType' failed to satisfy constraint: Member must not be null");
        }
        String base = type.contains(".") ? type.substring(0, type.indexOf('.')) : type;
        if (!base.equals("String") && !base.equals("Number") && !base.equals("Binary")) {
            throw SnsException.invalidParameterValue("The message attribute '" + name + "' has an invalid message"
                    + " attribute type, the set of supported type prefixes is Binary, Number, and String.");
        }
        if (base.equals("Binary")) {
            if (attribute.binaryValue().isPresent() && attribute.binaryValue().get().length > 0) {
                return;
            }
            throw attribute.stringValue().isPresent() ? wrongField(name, type, "Binary") : emptyValue(name, type);
        }
        String value = attribute.stringValue().orElse("");
        if (value.isEmpty()) {
            throw attribute.binaryValue().isPresent() ? wrongField(name, type, "String") : emptyValue(name, type);
        }
        if (base.equals("Number")) {
            try {
                new BigDecimal(value.trim());
            } catch (NumberFormatException e) {
                throw SnsException.invalidParameterValue("Could not cast message attribute '" + name
                        + "' value to number.");
            }
        }
        if (type.equals("String.Array")) {
            Optional<JsonNode> array = parse(value);
            if (array.isEmpty() || !array.get().isArray() || hasContainer(array.get())) {
                throw SnsException.invalidParameterValue("The message attribute '" + name + "' with type"
                        + " 'String.Array' must be a JSON array of strings, numbers, true, false or null.");
            }
        }
    }

    private static void attributeName(String name) {
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 256) {
            throw SnsException.invalidParameterValue("Length of message attribute name must be less than 256 bytes.");
        }
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 0x80) && c != '_' && c != '-' && c != '.') {
                throw SnsException.invalidParameterValue("Invalid non-alphanumeric character '#x"
                        + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + "' was found in the message attribute"
                        + " name. Can only include alphanumeric characters, hyphens, underscores, or dots.");
            }
            i += Character.charCount(c);
        }
        if (name.startsWith(".")) {
            throw SnsException.invalidParameterValue("Invalid message attribute name starting with character '.' was found.");
        }
        if (name.endsWith(".")) {
            throw SnsException.invalidParameterValue("Invalid message attribute name ending with character '.' was found.");
        }
        if (name.contains("..")) {
            throw SnsException.invalidParameterValue("Message attribute name can not have successive '.' character.");
        }
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (name.isEmpty() || lower.startsWith("aws.") || lower.startsWith("amazon.")) {
            throw SnsException.invalidParameterValue("The message attribute name '" + name + "' is invalid: names"
                    + " starting with 'AWS.' or 'Amazon.' are reserved.");
        }
    }

    private static SnsException wrongField(String name, String type, String field) {
        return SnsException.invalidParameterValue("The message attribute '" + name + "' with type '" + type
                + "' must use field '" + field + "'.");
    }

    private static boolean hasContainer(JsonNode array) {
        for (JsonNode element : array) {
            if (element.isContainerNode()) {
                return true;
            }
        }
        return false;
    }

    private static Optional<JsonNode> parse(String json) {
        try {
            return Optional.ofNullable(JSON.readTree(json));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static SnsException emptyValue(String name, String type) {
        return SnsException.invalidParameterValue("The message attribute '" + name
                + "' must contain non-empty message attribute value for message attribute type '" + type + "'.");
    }
}
