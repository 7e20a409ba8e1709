package dev.ferry.local.sns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.sqs.SqsService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** SNS's deliveries through the embedded SQS, one by one and ten at a time. */
class SqsDelivererTest {
    static SqsService service;
    static SqsClient sqs;
    static SqsDeliverer deliverer;

    @BeforeAll
    static void start() {
        service = SqsService.start();
        sqs = SqsClient.builder().endpointOverride(service.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build();
        deliverer = new SqsDeliverer(service.endpoint(), "us-east-1");
    }

    @AfterAll
    static void stop() {
        deliverer.close();
        sqs.close();
        service.close();
    }

    static String queue(String name) {
        String url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    static List<Message> drain(String queueArn) {
        String url = sqs.getQueueUrl(b -> b.queueName(queueArn.substring(queueArn.lastIndexOf(':') + 1))).queueUrl();
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> page = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages();
            if (page.isEmpty()) {
                return all;
            }
            all.addAll(page);
            page.forEach(m -> sqs.deleteMessage(d -> d.queueUrl(url).receiptHandle(m.receiptHandle())));
        }
    }

    @Test
    void aBatchArrivesAsTheMessagesSentOneByOneWould() {
        String arn = queue("batched");
        List<SqsSender.Outgoing> messages = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            messages.add(new SqsSender.Outgoing("body-" + i,
                    Map.of("type", new MessageAttribute("String", Optional.of("T" + i), Optional.empty()),
                            "blob", new MessageAttribute("Binary", Optional.empty(), Optional.of(new byte[] {(byte) i})))));
        }

        Optional<List<DeliveryAttempt>> outcomes = deliverer.sendBatch(arn, messages);

        assertThat(outcomes).hasValueSatisfying(list -> assertThat(list).hasSize(10).allMatch(DeliveryAttempt.Delivered.class::isInstance));
        List<Message> received = drain(arn);
        assertThat(received).extracting(Message::body).containsExactlyInAnyOrderElementsOf(
                messages.stream().map(SqsSender.Outgoing::body).toList());
        Message five = received.stream().filter(m -> m.body().equals("body-5")).findFirst().orElseThrow();
        assertThat(five.messageAttributes().get("type").stringValue()).isEqualTo("T5");
        assertThat(five.messageAttributes().get("blob").binaryValue().asByteArray()).containsExactly(5);
    }

    @Test
    void aBatchToAQueueThatIsGoneFailsForGood() {
        Optional<List<DeliveryAttempt>> outcomes = deliverer.sendBatch("arn:aws:sqs:us-east-1:000000000000:never-created",
                List.of(new SqsSender.Outgoing("a", Map.of()), new SqsSender.Outgoing("b", Map.of())));

        assertThat(outcomes).hasValueSatisfying(list -> assertThat(list).hasSize(2).allMatch(DeliveryAttempt.Permanent.class::isInstance));
    }
}
