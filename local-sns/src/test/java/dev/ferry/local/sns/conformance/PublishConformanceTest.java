package dev.ferry.local.sns.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.InvalidParameterValueException;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PublishResponse;
import software.amazon.awssdk.services.sqs.model.Message;

@ExtendWith(ConformanceEnvironment.Resolver.class)
class PublishConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ConformanceEnvironment env;
    private final SnsClient sns;

    PublishConformanceTest(ConformanceEnvironment env) {
        this.env = env;
        this.sns = env.sns;
    }

    private String topic() {
        return sns.createTopic(r -> r.name(ConformanceEnvironment.unique("events"))).topicArn();
    }

    private ConformanceEnvironment.Queue subscribedQueue(String topicArn, Map<String, String> attributes) {
        ConformanceEnvironment.Queue queue = env.createQueue(ConformanceEnvironment.unique("q"));
        sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queue.arn()).attributes(attributes));
        return queue;
    }

    private static Map<String, MessageAttributeValue> everyAttributeType() {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("type", MessageAttributeValue.builder().dataType("String").stringValue("OrderPlaced").build());
        attributes.put("tags", MessageAttributeValue.builder().dataType("String.Array")
                .stringValue("[\"a\",\"b\"]").build());
        attributes.put("amount", MessageAttributeValue.builder().dataType("Number").stringValue("42.5").build());
        attributes.put("blob", MessageAttributeValue.builder().dataType("Binary")
                .binaryValue(SdkBytes.fromUtf8String("bytes")).build());
        return attributes;
    }

    @Test
    void sqsSubscriberReceivesTheNotificationEnvelope() throws Exception {
        // AWS: https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html#http-notification-json (Type, MessageId, TopicArn, Subject, Message, Timestamp,
        //   SignatureVersion, Signature, SigningCertURL, UnsubscribeURL, MessageAttributes); https://docs.aws.amazon.com/sns/latest/dg/sns-message-attributes.html
        // Recorded: localstack/localstack tests/aws/services/sns/test_sns.snapshot.json TestSNSSubscriptionSQS::test_publish_sqs_from_sns ("message-raw-false"), test_publish_unicode_chars
        String topicArn = topic();
        ConformanceEnvironment.Queue queue = subscribedQueue(topicArn, Map.of());

        PublishResponse published = sns.publish(r -> r.topicArn(topicArn).message("hello").subject("Greeting")
                .messageAttributes(everyAttributeType()));

        List<Message> received = env.receive(queue, 1);
        assertThat(received).hasSize(1);
        JsonNode envelope = JSON.readTree(received.get(0).body());
        assertThat(envelope.path("Type").asText()).isEqualTo("Notification");
        assertThat(envelope.path("MessageId").asText()).isEqualTo(published.messageId());
        assertThat(envelope.path("TopicArn").asText()).isEqualTo(topicArn);
        assertThat(envelope.path("Subject").asText()).isEqualTo("Greeting");
        assertThat(envelope.path("Message").asText()).isEqualTo("hello");
        assertThat(envelope.path("Timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(envelope.path("SignatureVersion").asText()).isEqualTo("1");
        assertThat(envelope.has("Signature")).isTrue();
        assertThat(envelope.has("SigningCertURL")).isTrue();
        assertThat(envelope.path("UnsubscribeURL").asText()).contains("Action=Unsubscribe");
        JsonNode attributes = envelope.path("MessageAttributes");
        assertThat(attributes.path("type").path("Type").asText()).isEqualTo("String");
        assertThat(attributes.path("type").path("Value").asText()).isEqualTo("OrderPlaced");
        assertThat(attributes.path("tags").path("Type").asText()).isEqualTo("String.Array");
        assertThat(attributes.path("amount").path("Type").asText()).isEqualTo("Number");
        assertThat(attributes.path("amount").path("Value").asText()).isEqualTo("42.5");
        assertThat(attributes.path("blob").path("Type").asText()).isEqualTo("Binary");
        assertThat(attributes.path("blob").path("Value").asText()).isEqualTo("Ynl0ZXM=");
        assertThat(received.get(0).messageAttributes()).isEmpty();
    }

    @Test
    void rawMessageDeliveryPassesBodyAndAttributesThrough() {
        // AWS: https://docs.aws.amazon.com/sns/latest/dg/sns-large-payload-raw-message-delivery.html (the message as published, attributes as SQS message attributes)
        // Recorded: localstack/localstack tests/aws/services/sns/test_sns.snapshot.json TestSNSSubscriptionSQS::test_publish_sqs_from_sns ("message-raw-true"), test_attribute_raw_subscribe
        String topicArn = topic();
        ConformanceEnvironment.Queue queue = subscribedQueue(topicArn, Map.of("RawMessageDelivery", "true"));

        sns.publish(r -> r.topicArn(topicArn).message("{\"orderId\":7}").messageAttributes(everyAttributeType()));

        List<Message> received = env.receive(queue, 1);
        assertThat(received).hasSize(1);
        Message message = received.get(0);
        assertThat(message.body()).isEqualTo("{\"orderId\":7}");
        assertThat(message.messageAttributes().get("type").stringValue()).isEqualTo("OrderPlaced");
        assertThat(message.messageAttributes().get("type").dataType()).isEqualTo("String");
        assertThat(message.messageAttributes().get("tags").dataType()).isEqualTo("String.Array");
        assertThat(message.messageAttributes().get("tags").stringValue()).isEqualTo("[\"a\",\"b\"]");
        assertThat(message.messageAttributes().get("amount").dataType()).isEqualTo("Number");
        assertThat(message.messageAttributes().get("blob").binaryValue().asUtf8String()).isEqualTo("bytes");
    }

    @Test
    void everySubscriberOfTheTopicGetsACopy() {
        // AWS: https://docs.aws.amazon.com/sns/latest/dg/sns-common-scenarios.html#SNSFanoutScenario "a message published to an
        //   SNS topic is replicated and pushed to multiple endpoints"
        String topicArn = topic();
        ConformanceEnvironment.Queue first = subscribedQueue(topicArn, Map.of("RawMessageDelivery", "true"));
        ConformanceEnvironment.Queue second = subscribedQueue(topicArn, Map.of("RawMessageDelivery", "true"));

        sns.publish(r -> r.topicArn(topicArn).message("fan-out"));

        assertThat(env.receive(first, 1)).extracting(Message::body).containsExactly("fan-out");
        assertThat(env.receive(second, 1)).extracting(Message::body).containsExactly("fan-out");
    }

    @Test
    void targetArnIsAnAlternativeToTopicArn() {
        // AWS: https://docs.aws.amazon.com/sns/latest/api/API_Publish.html#API_Publish_RequestParameters ("If you don't specify a value for the TopicArn parameter, you must
        //   specify a value for the PhoneNumber or TargetArn parameters")
        // Recorded: localstack/localstack tests/aws/services/sns/test_sns.snapshot.json TestSNSPublishCrud::test_publish_message_by_target_arn
        String topicArn = topic();
        ConformanceEnvironment.Queue queue = subscribedQueue(topicArn, Map.of("RawMessageDelivery", "true"));

        sns.publish(r -> r.targetArn(topicArn).message("via target"));

        assertThat(env.receive(queue, 1)).extracting(Message::body).containsExactly("via target");
    }

    @Test
    void jsonMessageStructureDeliversTheSqsEntryOrTheDefault() {
        // AWS: https://docs.aws.amazon.com/sns/latest/api/API_Publish.html#API_Publish_RequestParameters (MessageStructure json: "a syntactically valid JSON object" with a
        //   top-level "default" key; other keys per protocol)
        // Recorded: localstack/localstack tests/aws/services/sns/test_sns.snapshot.json TestSNSSubscriptionSQS::test_message_structure_json_to_sqs, TestSNSPublishCrud::test_message_structure_json_exc
        //   ("Message Structure - No default entry in JSON message body", "... JSON message body failed to parse")
        String topicArn = topic();
        ConformanceEnvironment.Queue queue = subscribedQueue(topicArn, Map.of("RawMessageDelivery", "true"));

        sns.publish(r -> r.topicArn(topicArn).messageStructure("json")
                .message("{\"default\":\"for everyone\",\"sqs\":\"for queues\"}"));
        sns.publish(r -> r.topicArn(topicArn).messageStructure("json").message("{\"default\":\"fallback\"}"));

        assertThat(env.receive(queue, 2)).extracting(Message::body)
                .containsExactlyInAnyOrder("for queues", "fallback");
        assertThatThrownBy(() -> sns.publish(r -> r.topicArn(topicArn).messageStructure("json")
                .message("{\"sqs\":\"no default\"}")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("No default entry");
        assertThatThrownBy(() -> sns.publish(r -> r.topicArn(topicArn).messageStructure("json").message("not json")))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void publishToAMissingTopicIsNotFound() {
        // Recorded: localstack/localstack tests/aws/services/sns/test_sns.snapshot.json TestSNSPublishCrud::test_unknown_topic_publish (NotFound "Topic does not exist")
        String missing = "arn:aws:sns:us-east-1:000000000000:" + ConformanceEnvironment.unique("nope");

        assertThatThrownBy(() -> sns.publish(r -> r.topicArn(missing).message("x")))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("Topic does not exist");
    }

    @Test
    void emptyAndOversizedMessagesAreRejected() {
        // AWS: https://docs.aws.amazon.com/sns/latest/api/API_Publish.html#API_Publish_RequestParameters (Message: "at most 256 KB in size (262,144 bytes, not 262,144
        //   characters)"); https://docs.aws.amazon.com/sns/latest/dg/sns-message-attributes.html (attributes count toward the size)
        // Recorded: localstack/localstack tests/aws/services/sns/test_sns.snapshot.json TestSNSPublishCrud::test_empty_sns_message ("Invalid parameter: Empty message"), test_publish_too_long_message
        //   ("Invalid parameter: Message too long")
        String topicArn = topic();

        assertThatThrownBy(() -> sns.publish(r -> r.topicArn(topicArn).message("")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("Empty message");
        assertThatThrownBy(() -> sns.publish(r -> r.topicArn(topicArn).message("x".repeat(262_145))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("Message too long");
        // The limit counts attributes too.
        assertThatThrownBy(() -> sns.publish(r -> r.topicArn(topicArn).message("x".repeat(262_000))
                .messageAttributes(Map.of("pad", MessageAttributeValue.builder().dataType("String")
                        .stringValue("y".repeat(200)).build()))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("Message too long");
        sns.publish(r -> r.topicArn(topicArn).message("x".repeat(262_144)));
    }

    @Test
    void invalidMessageAttributesAreRejected() {
        // AWS: https://docs.aws.amazon.com/sns/latest/dg/sns-message-attributes.html#SNSMessageAttributes.DataTypes
        // Recorded: localstack/localstack tests/aws/services/sns/test_sns.snapshot.json TestSNSSubscriptionSQS::test_empty_or_wrong_message_attributes (ParameterValueInvalid: "must contain non-empty
        //   message attribute value", "the set of supported type prefixes is Binary, Number, and String")
        // Ferry's choice: no recording covers a Number that is not a number or a malformed String.Array; refused with the same
        //   code, as the data-type rules in the guide say they are invalid
        String topicArn = topic();

        assertThatThrownBy(() -> sns.publish(r -> r.topicArn(topicArn).message("m").messageAttributes(Map.of(
                "n", MessageAttributeValue.builder().dataType("Number").stringValue("not-a-number").build()))))
                .isInstanceOf(InvalidParameterValueException.class);
        assertThatThrownBy(() -> sns.publish(r -> r.topicArn(topicArn).message("m").messageAttributes(Map.of(
                "s", MessageAttributeValue.builder().dataType("String").stringValue("").build()))))
                .isInstanceOf(InvalidParameterValueException.class);
        assertThatThrownBy(() -> sns.publish(r -> r.topicArn(topicArn).message("m").messageAttributes(Map.of(
                "t", MessageAttributeValue.builder().dataType("Date").stringValue("x").build()))))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("supported type prefixes");
        assertThatThrownBy(() -> sns.publish(r -> r.topicArn(topicArn).message("m").messageAttributes(Map.of(
                "a", MessageAttributeValue.builder().dataType("String.Array").stringValue("not an array").build()))))
                .isInstanceOf(InvalidParameterValueException.class);
    }

    @Test
    void deduplicationIdIsRefusedOnStandardTopics() {
        // AWS: https://docs.aws.amazon.com/sns/latest/api/API_Publish.html#API_Publish_RequestParameters (MessageDeduplicationId "applies only to FIFO (first-in-first-out) topics")
        // Recorded: localstack/localstack tests/aws/services/sns/test_sns.snapshot.json TestSNSSubscriptionSQSFifo::test_validations_for_fifo ("MessageDeduplicationId Reason: The request includes
        //   MessageDeduplicationId parameter that is not valid for this topic type")
        String topicArn = topic();

        assertThatThrownBy(() -> sns.publish(r -> r.topicArn(topicArn).message("m").messageDeduplicationId("d")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("MessageDeduplicationId");
    }

    @Test
    void messageAttributesAreNotDeliveredWithJsonMessageStructure() {
        // AWS: https://docs.aws.amazon.com/sns/latest/dg/sns-message-attributes.html "Message attributes are sent only when the message structure is String, not JSON"
        String topicArn = topic();
        ConformanceEnvironment.Queue queue = subscribedQueue(topicArn, Map.of("RawMessageDelivery", "true"));

        sns.publish(r -> r.topicArn(topicArn).messageStructure("json").message("{\"default\":\"d\"}")
                .messageAttributes(Map.of("type", MessageAttributeValue.builder().dataType("String")
                        .stringValue("x").build())));

        List<Message> received = env.receive(queue, 1);
        assertThat(received).hasSize(1);
        assertThat(received.get(0).messageAttributes()).isEmpty();
    }
}
