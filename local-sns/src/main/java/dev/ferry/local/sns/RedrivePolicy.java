package dev.ferry.local.sns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/** The subscription attribute {@code RedrivePolicy}: {"deadLetterTargetArn": "arn:aws:sqs:..."}. */
final class RedrivePolicy {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RedrivePolicy() {}

    /** Validates a policy as Subscribe and SetSubscriptionAttributes do. */
    static void validate(String json) {
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (Exception e) {
            throw SnsException.invalidParameter("RedrivePolicy: failed to parse JSON. " + e.getMessage());
        }
        if (tree == null || !tree.isObject() || !tree.path("deadLetterTargetArn").isTextual()) {
            throw SnsException.invalidParameter("RedrivePolicy: deadLetterTargetArn is missing;"
                    + " expected {\"deadLetterTargetArn\":\"arn:aws:sqs:<region>:<account>:<queue>\"}");
        }
        String arn = tree.path("deadLetterTargetArn").textValue();
        if (Arns.sqsQueue(arn).isEmpty()) {
            throw SnsException.invalidParameter("RedrivePolicy: deadLetterTargetArn is an invalid arn: " + arn);
        }
    }

    static Optional<String> deadLetterTargetArn(String json) {
        try {
            JsonNode tree = JSON.readTree(json);
            return tree != null && tree.path("deadLetterTargetArn").isTextual()
                    ? Optional.of(tree.path("deadLetterTargetArn").textValue())
                    : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
