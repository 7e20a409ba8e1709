package dev.ferry.local.sns.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/** Deliveries that cannot be made end in the subscription's dead-letter queue. */
@ExtendWith(ConformanceEnvironment.Resolver.class)
class RedriveConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ConformanceEnvironment env;
    private final SnsClient sns;

    RedriveConformanceTest(ConformanceEnvironment env) {
        this.env = env;
        this.sns = env.sns;
    }

    @Test
    void deliveryToADeletedQueueGoesToTheDeadLetterQueue() throws Exception {
        String topicArn = sns.createTopic(r -> r.name(ConformanceEnvironment.unique("redrive"))).topicArn();
        ConformanceEnvironment.Queue target = env.createQueue(ConformanceEnvironment.unique("target"));
        ConformanceEnvironment.Queue dlq = env.createQueue(ConformanceEnvironment.unique("dlq"));
        sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(target.arn())
                .attributes(Map.of("RedrivePolicy", "{\"deadLetterTargetArn\":\"" + dlq.arn() + "\"}")));
        env.sqs.deleteQueue(r -> r.queueUrl(target.url()));

        String messageId = sns.publish(r -> r.topicArn(topicArn).message("orphan")).messageId();

        List<Message> deadLetters = env.receive(dlq, 1);
        assertThat(deadLetters).hasSize(1);
        assertThat(JSON.readTree(deadLetters.get(0).body()).path("MessageId").asText()).isEqualTo(messageId);
    }

    @Test
    void rawDeliveryWithMoreThanTenAttributesIsDeadLettered() {
        String topicArn = sns.createTopic(r -> r.name(ConformanceEnvironment.unique("wide"))).topicArn();
        ConformanceEnvironment.Queue target = env.createQueue(ConformanceEnvironment.unique("target"));
        ConformanceEnvironment.Queue dlq = env.createQueue(ConformanceEnvironment.unique("dlq"));
        sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(target.arn()).attributes(Map.of(
                "RawMessageDelivery", "true",
                "RedrivePolicy", "{\"deadLetterTargetArn\":\"" + dlq.arn() + "\"}")));
        Map<String, MessageAttributeValue> eleven = new HashMap<>();
        for (int i = 0; i < 11; i++) {
            eleven.put("a" + i, MessageAttributeValue.builder().dataType("String").stringValue("v").build());
        }

        sns.publish(r -> r.topicArn(topicArn).message("too many attributes").messageAttributes(eleven));

        assertThat(env.receive(dlq, 1)).extracting(Message::body).containsExactly("too many attributes");
        assertThat(env.drain(target)).isEmpty();
    }

    @Test
    void standardTopicForwardsTheMessageGroupIdToStandardQueues() {
        String topicArn = sns.createTopic(r -> r.name(ConformanceEnvironment.unique("fair"))).topicArn();
        ConformanceEnvironment.Queue queue = env.createQueue(ConformanceEnvironment.unique("tenant"));
        sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queue.arn())
                .attributes(Map.of("RawMessageDelivery", "true")));

        sns.publish(r -> r.topicArn(topicArn).message("tenant message").messageGroupId("tenant-1"));

        assertThat(env.receive(queue, 1)).extracting(Message::body).containsExactly("tenant message");
    }
}
