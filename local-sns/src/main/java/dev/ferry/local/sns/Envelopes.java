package dev.ferry.local.sns;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;

/**
 * The JSON SNS wraps a message in: the notification envelope delivered to SQS (unless raw delivery is
 * on) and the event record a Lambda function receives. The signature fields are present with SNS's
 * names, but nothing here is signed with a certificate anyone can verify (see docs/sns-emulator.md).
 */
final class Envelopes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ISO_INSTANT;

    private final String baseUrl;

    Envelopes(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The notification envelope, with SNS's field order. */
    String sqsNotification(Notification n, String subscriptionArn, String body) {
        ObjectNode root = JSON.createObjectNode();
        root.put("Type", "Notification");
        root.put("MessageId", n.messageId());
        n.sequenceNumber().ifPresent(s -> root.put("SequenceNumber", s));
        root.put("TopicArn", n.topicArn());
        n.subject().ifPresent(s -> root.put("Subject", s));
        root.put("Message", body);
        root.put("Timestamp", timestamp(n));
        root.put("SignatureVersion", "1");
        root.put("Signature", signature(n, body));
        root.put("SigningCertURL", signingCertUrl());
        root.put("UnsubscribeURL", unsubscribeUrl(subscriptionArn));
        if (!n.attributes().isEmpty()) {
            root.set("MessageAttributes", attributes(n.attributes()));
        }
        return root.toString();
    }

    /** The event a Lambda function subscribed to the topic receives for one notification. */
    String lambdaEvent(Notification n, String subscriptionArn, String body) {
        ObjectNode sns = JSON.createObjectNode();
        sns.put("Type", "Notification");
        sns.put("MessageId", n.messageId());
        n.sequenceNumber().ifPresent(s -> sns.put("SequenceNumber", s));
        sns.put("TopicArn", n.topicArn());
        if (n.subject().isPresent()) {
            sns.put("Subject", n.subject().get());
        } else {
            sns.putNull("Subject");
        }
        sns.put("Message", body);
        sns.put("Timestamp", timestamp(n));
        sns.put("SignatureVersion", "1");
        sns.put("Signature", signature(n, body));
        sns.put("SigningCertUrl", signingCertUrl());
        sns.put("UnsubscribeUrl", unsubscribeUrl(subscriptionArn));
        sns.set("MessageAttributes", attributes(n.attributes()));

        ObjectNode record = JSON.createObjectNode();
        record.put("EventSource", "aws:sns");
        record.put("EventVersion", "1.0");
        record.put("EventSubscriptionArn", subscriptionArn);
        record.set("Sns", sns);
        ObjectNode root = JSON.createObjectNode();
        ArrayNode records = root.putArray("Records");
        records.add(record);
        return root.toString();
    }

    private static ObjectNode attributes(Map<String, MessageAttribute> attributes) {
        ObjectNode out = JSON.createObjectNode();
        attributes.forEach((name, attribute) -> {
            ObjectNode value = out.putObject(name);
            value.put("Type", attribute.envelopeType());
            value.put("Value", attribute.envelopeValue());
        });
        return out;
    }

    private static String timestamp(Notification n) {
        return TIMESTAMP.format(n.timestamp().truncatedTo(ChronoUnit.MILLIS));
    }

    String signingCertUrl() {
        return baseUrl + "/SimpleNotificationService-ferry-local.pem";
    }

    String unsubscribeUrl(String subscriptionArn) {
        return baseUrl + "/?Action=Unsubscribe&SubscriptionArn="
                + URLEncoder.encode(subscriptionArn, StandardCharsets.UTF_8);
    }

    /** A stable digest in the Signature field so consumers that only check presence keep working. */
    private static String signature(Notification n, String body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(n.messageId().getBytes(StandardCharsets.UTF_8));
            digest.update(body.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
