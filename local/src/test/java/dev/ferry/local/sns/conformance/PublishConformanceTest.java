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
        String topicArn = topic();
        ConformanceEnvironment.Queue first = subscribedQueue(topicArn, Map.of("RawMessageDelivery", "true"));
        ConformanceEnvironment.Queue second = subscribedQueue(topicArn, Map.of("RawMessageDelivery", "true"));

        sns.publish(r -> r.topicArn(topicArn).message("fan-out"));

        assertThat(env.receive(first, 1)).extracting(Message::body).containsExactly("fan-out");
        assertThat(env.receive(second, 1)).extracting(Message::body).containsExactly("fan-out");
    }

    @Test
    void targetArnIsAnAlternativeToTopicArn() {
        String topicArn = topic();
        ConformanceEnvironment.Queue queue = subscribedQueue(topicArn, Map.of("RawMessageDelivery", "true"));

        sns.publish(r -> r.targetArn(topicArn).message("via target"));

        assertThat(env.receive(queue, 1)).extracting(Message::body).containsExactly("via target");
    }

    @Test
    void jsonMessageStructureDeliversTheSqsEntryOrTheDefault() {
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
        String missing = "arn:aws:sns:us-east-1:000000000000:" + ConformanceEnvironment.unique("nope");

        assertThatThrownBy(() -> sns.publish(r -> r.topicArn(missing).message("x")))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("Topic does not exist");
    }

    @Test
    void emptyAndOversizedMessagesAreRejected() {
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
        String topicArn = topic();

        assertThatThrownBy(() -> sns.publish(r -> r.topicArn(topicArn).message("m").messageDeduplicationId("d")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("MessageDeduplicationId");
    }

    @Test
    void messageAttributesAreNotDeliveredWithJsonMessageStructure() {
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
