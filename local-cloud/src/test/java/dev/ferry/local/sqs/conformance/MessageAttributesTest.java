package dev.ferry.local.sqs.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

@ExtendWith(SqsTarget.Extension.class)
class MessageAttributesTest {

    private final SqsTarget target;
    private final SqsClient sqs;
    private final Queues queues;

    MessageAttributesTest(SqsTarget target) {
        this.target = target;
        this.sqs = target.client();
        this.queues = new Queues(target);
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    private static final Map<String, MessageAttributeValue> ATTRIBUTES = Map.of(
            "type", string("OrderPlaced"),
            "correlationId", string("c0ffee-42"),
            "amount", MessageAttributeValue.builder().dataType("Number").stringValue("50.25").build(),
            "attempt", MessageAttributeValue.builder().dataType("Number.int").stringValue("3").build(),
            "signature", MessageAttributeValue.builder().dataType("Binary")
                    .binaryValue(SdkBytes.fromByteArray(new byte[] {0, 1, 2, (byte) 0xFF})).build(),
            "unicode", string("grüße ✓"));

    // AWS: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_MessageAttributeValue.html (DataType:
    //   "String, Number, and Binary ... You can also append custom labels"); https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html#sqs-message-attributes
    //   (the MD5 message digest of the attributes); API_SendMessage.html (MD5OfMessageAttributes)
    // Recorded: localstack/localstack tests/aws/services/sqs/test_sqs.snapshot.json TestSqsProvider::test_send_message_with_binary_attributes[sqs],
    //   test_receive_message_message_attribute_names_filters[sqs] (the same MD5OfMessageAttributes on send and receive)
    // Recorded: localstack/localstack tests/aws/services/sqs/test_sqs.py TestSqsProvider::test_message_with_attributes_should_be_enqueued
    //   (aws.validated: a Number attribute comes back unchanged)
    @Test
    void everyAttributeTypeRoundTripsWithAMatchingDigest() {
        String url = queues.standard("attributes");

        var sent = sqs.sendMessage(b -> b.queueUrl(url).messageBody("with attributes").messageAttributes(ATTRIBUTES));
        Message received = queues.receiveAll(url, 1, Duration.ofSeconds(5)).getFirst();

        // The SDK already compared both digests with its own computation; a wrong one would have thrown.
        assertThat(sent.md5OfMessageAttributes()).isNotBlank();
        assertThat(received.md5OfMessageAttributes()).isEqualTo(sent.md5OfMessageAttributes());
        assertThat(received.messageAttributes()).isEqualTo(ATTRIBUTES);
    }

    private String queueWithTracedMessage() {
        String url = queues.standard("attribute-names");
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("filtered").messageAttributes(Map.of(
                "type", string("OrderPlaced"),
                "trace.id", string("t-1"),
                "trace.parent", string("t-0"))));
        return url;
    }

    // AWS: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html#SQS-ReceiveMessage-request-MessageAttributeNames
    //   ("you can send a list of attribute names to receive, or you can return all of the attributes by specifying All")
    // Recorded: localstack/localstack tests/aws/services/sqs/test_sqs.snapshot.json TestSqsProvider::test_receive_message_message_attribute_names_filters[sqs]
    //   (empty_filter: no MessageAttributes; only_existing: just the names asked for)
    @Test
    void onlyRequestedAttributesAreReturned() {
        String url = queueWithTracedMessage();

        Message received = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5).messageAttributeNames("type", "trace.id"))
                .messages().getFirst();
        queues.release(url, received);
        Message withoutNames = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5)).messages().getFirst();

        assertThat(received.messageAttributes()).containsOnlyKeys("type", "trace.id");
        assertThat(withoutNames.messageAttributes()).isEmpty();
    }

    // AWS: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html#SQS-ReceiveMessage-request-MessageAttributeNames
    //   ("You can also use all message attributes starting with a prefix, for example bar.*")
    // Recorded: localstack/localstack tests/aws/services/sqs/test_sqs.snapshot.json TestSqsProvider::test_receive_message_message_attribute_names_filters[sqs]
    //   (prefix_filter: "Hel.*" returns Hello and Help.Me)
    // Ferry's choice: the embedded target keeps ElasticMQ's literal reading of "trace.*" and returns nothing (a known
    //   difference, docs/local-cloud.md); against AWS the prefix selection is asserted.
    @Test
    void attributeNamePrefixSelectsEveryAttributeStartingWithIt() {
        String url = queueWithTracedMessage();

        Message received = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5).messageAttributeNames("trace.*"))
                .messages().getFirst();

        if (target.isEmbeddedElasticMq()) {
            // Known difference (docs/local-cloud.md, SQS): ElasticMQ treats "trace.*" as a literal name.
            assertThat(received.messageAttributes()).isEmpty();
        } else {
            assertThat(received.messageAttributes()).containsOnlyKeys("trace.id", "trace.parent");
        }
    }
}
