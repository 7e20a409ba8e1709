package dev.ferry.local.sns.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.local.sns.PendingConfirmation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.Subscription;

@ExtendWith(ConformanceEnvironment.Resolver.class)
class SubscriptionConformanceTest {
    private static final String FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:telemetry";
    private final ConformanceEnvironment env;
    private final SnsClient sns;

    SubscriptionConformanceTest(ConformanceEnvironment env) {
        this.env = env;
        this.sns = env.sns;
    }

    private String topic() {
        return sns.createTopic(r -> r.name(ConformanceEnvironment.unique("subs"))).topicArn();
    }

    @Test
    void sqsSubscriptionIsConfirmedAtOnce() {
        String topicArn = topic();
        ConformanceEnvironment.Queue queue = env.createQueue(ConformanceEnvironment.unique("q"));

        String arn = sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queue.arn())).subscriptionArn();

        assertThat(arn).startsWith(topicArn + ":");
        Map<String, String> attributes = sns.getSubscriptionAttributes(r -> r.subscriptionArn(arn)).attributes();
        assertThat(attributes).containsEntry("Protocol", "sqs")
                .containsEntry("Endpoint", queue.arn())
                .containsEntry("TopicArn", topicArn)
                .containsEntry("SubscriptionArn", arn)
                .containsEntry("PendingConfirmation", "false")
                .containsEntry("RawMessageDelivery", "false")
                .containsKey("Owner");
        assertThat(sns.getTopicAttributes(r -> r.topicArn(topicArn)).attributes())
                .containsEntry("SubscriptionsConfirmed", "1");
    }

    @Test
    void lambdaSubscriptionIsConfirmedAtOnce() {
        String topicArn = topic();

        String arn = sns.subscribe(r -> r.topicArn(topicArn).protocol("lambda").endpoint(FUNCTION)).subscriptionArn();

        assertThat(sns.getSubscriptionAttributes(r -> r.subscriptionArn(arn)).attributes())
                .containsEntry("Protocol", "lambda").containsEntry("PendingConfirmation", "false");
    }

    @Test
    void subscribingTwiceReturnsTheSameSubscription() {
        String topicArn = topic();
        ConformanceEnvironment.Queue queue = env.createQueue(ConformanceEnvironment.unique("q"));

        String first = sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queue.arn())).subscriptionArn();
        String second = sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queue.arn())).subscriptionArn();

        assertThat(second).isEqualTo(first);
        assertThatThrownBy(() -> sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queue.arn())
                .attributes(Map.of("RawMessageDelivery", "true"))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Subscription already exists with different attributes");
    }

    @Test
    void httpSubscriptionStaysPendingUntilConfirmed() {
        String topicArn = topic();

        String shown = sns.subscribe(r -> r.topicArn(topicArn).protocol("https").endpoint("https://example.com/hook"))
                .subscriptionArn();
        assertThat(shown).isEqualTo("pending confirmation");
        String arn = sns.subscribe(r -> r.topicArn(topicArn).protocol("https").endpoint("https://example.com/hook")
                .returnSubscriptionArn(true)).subscriptionArn();
        assertThat(arn).startsWith(topicArn + ":");
        assertThat(sns.listSubscriptionsByTopic(r -> r.topicArn(topicArn)).subscriptions())
                .extracting(Subscription::subscriptionArn).containsExactly("PendingConfirmation");
        assertThat(sns.getTopicAttributes(r -> r.topicArn(topicArn)).attributes())
                .containsEntry("SubscriptionsPending", "1");

        assumeTrue(env.embedded().isPresent(), "the confirmation token is only known to the embedded emulator");
        PendingConfirmation pending = env.embedded().get().pendingConfirmations().stream()
                .filter(p -> p.subscriptionArn().equals(arn)).findFirst().orElseThrow();
        String confirmed = sns.confirmSubscription(r -> r.topicArn(topicArn).token(pending.token())).subscriptionArn();

        assertThat(confirmed).isEqualTo(arn);
        assertThat(sns.listSubscriptionsByTopic(r -> r.topicArn(topicArn)).subscriptions())
                .extracting(Subscription::subscriptionArn).containsExactly(arn);
        assertThatThrownBy(() -> sns.confirmSubscription(r -> r.topicArn(topicArn).token("bogus")))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void listSubscriptionsShowsThemAll() {
        String topicArn = topic();
        ConformanceEnvironment.Queue queue = env.createQueue(ConformanceEnvironment.unique("q"));
        String sqsArn = sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queue.arn())).subscriptionArn();
        String lambdaArn = sns.subscribe(r -> r.topicArn(topicArn).protocol("lambda").endpoint(FUNCTION)).subscriptionArn();

        List<Subscription> byTopic = sns.listSubscriptionsByTopic(r -> r.topicArn(topicArn)).subscriptions();
        assertThat(byTopic).extracting(Subscription::subscriptionArn).containsExactlyInAnyOrder(sqsArn, lambdaArn);
        Subscription sqs = byTopic.stream().filter(s -> s.protocol().equals("sqs")).findFirst().orElseThrow();
        assertThat(sqs.endpoint()).isEqualTo(queue.arn());
        assertThat(sqs.topicArn()).isEqualTo(topicArn);
        assertThat(sqs.owner()).isNotBlank();

        List<String> all = sns.listSubscriptionsPaginator().subscriptions().stream()
                .map(Subscription::subscriptionArn).toList();
        assertThat(all).contains(sqsArn, lambdaArn);
    }

    @Test
    void setSubscriptionAttributesChangesDeliveryOptions() {
        String topicArn = topic();
        ConformanceEnvironment.Queue queue = env.createQueue(ConformanceEnvironment.unique("q"));
        ConformanceEnvironment.Queue dlq = env.createQueue(ConformanceEnvironment.unique("dlq"));
        String arn = sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queue.arn())).subscriptionArn();

        sns.setSubscriptionAttributes(r -> r.subscriptionArn(arn).attributeName("RawMessageDelivery").attributeValue("true"));
        sns.setSubscriptionAttributes(r -> r.subscriptionArn(arn).attributeName("FilterPolicy")
                .attributeValue("{\"type\":[\"OrderPlaced\"]}"));
        sns.setSubscriptionAttributes(r -> r.subscriptionArn(arn).attributeName("RedrivePolicy")
                .attributeValue("{\"deadLetterTargetArn\":\"" + dlq.arn() + "\"}"));

        Map<String, String> attributes = sns.getSubscriptionAttributes(r -> r.subscriptionArn(arn)).attributes();
        assertThat(attributes).containsEntry("RawMessageDelivery", "true")
                .containsEntry("FilterPolicy", "{\"type\":[\"OrderPlaced\"]}")
                .containsEntry("FilterPolicyScope", "MessageAttributes")
                .containsEntry("RedrivePolicy", "{\"deadLetterTargetArn\":\"" + dlq.arn() + "\"}");

        sns.setSubscriptionAttributes(r -> r.subscriptionArn(arn).attributeName("FilterPolicyScope")
                .attributeValue("MessageBody"));
        assertThat(sns.getSubscriptionAttributes(r -> r.subscriptionArn(arn)).attributes())
                .containsEntry("FilterPolicyScope", "MessageBody");
    }

    @Test
    void invalidFilterPoliciesAreRejectedBySubscribeAndSetSubscriptionAttributes() {
        String topicArn = topic();
        ConformanceEnvironment.Queue queue = env.createQueue(ConformanceEnvironment.unique("q"));

        assertThatThrownBy(() -> sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queue.arn())
                .attributes(Map.of("FilterPolicy", "{\"a\":[{\"prefixx\":\"x\"}]}"))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("FilterPolicy");
        assertThat(sns.listSubscriptionsByTopic(r -> r.topicArn(topicArn)).subscriptions()).isEmpty();

        String arn = sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queue.arn())).subscriptionArn();
        assertThatThrownBy(() -> sns.setSubscriptionAttributes(r -> r.subscriptionArn(arn)
                .attributeName("FilterPolicy").attributeValue("{\"a\":{\"nested\":[\"x\"]}}")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("nested");
        assertThatThrownBy(() -> sns.setSubscriptionAttributes(r -> r.subscriptionArn(arn)
                .attributeName("FilterPolicyScope").attributeValue("Everything")))
                .isInstanceOf(InvalidParameterException.class);
        assertThat(sns.getSubscriptionAttributes(r -> r.subscriptionArn(arn)).attributes())
                .doesNotContainKey("FilterPolicy");
    }

    @Test
    void invalidSubscriptionsAreRejected() {
        String topicArn = topic();
        ConformanceEnvironment.Queue fifoQueue = env.createQueue(ConformanceEnvironment.unique("q") + ".fifo");

        assertThatThrownBy(() -> sns.subscribe(r -> r.topicArn(topicArn).protocol("carrier-pigeon").endpoint("x")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint("not-an-arn")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(fifoQueue.arn())))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("FIFO SQS Queues can not be subscribed to standard SNS topics");
        assertThatThrownBy(() -> sns.subscribe(r -> r.topicArn(topicArn).protocol("lambda").endpoint(FUNCTION)
                .attributes(Map.of("RawMessageDelivery", "true"))))
                .isInstanceOf(InvalidParameterException.class);
        String missingTopic = topicArn + "-missing";
        assertThatThrownBy(() -> sns.subscribe(r -> r.topicArn(missingTopic).protocol("lambda").endpoint(FUNCTION)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void unsubscribeRemovesTheSubscription() {
        String topicArn = topic();
        String arn = sns.subscribe(r -> r.topicArn(topicArn).protocol("lambda").endpoint(FUNCTION)).subscriptionArn();

        sns.unsubscribe(r -> r.subscriptionArn(arn));

        assertThatThrownBy(() -> sns.getSubscriptionAttributes(r -> r.subscriptionArn(arn)))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Subscription does not exist");
        assertThat(sns.listSubscriptionsByTopic(r -> r.topicArn(topicArn)).subscriptions()).isEmpty();
        assertThat(sns.getTopicAttributes(r -> r.topicArn(topicArn)).attributes())
                .containsEntry("SubscriptionsDeleted", "1");
    }

    @Test
    void deletingATopicDeletesItsSubscriptions() {
        String topicArn = topic();
        String arn = sns.subscribe(r -> r.topicArn(topicArn).protocol("lambda").endpoint(FUNCTION)).subscriptionArn();

        sns.deleteTopic(r -> r.topicArn(topicArn));

        assertThatThrownBy(() -> sns.getSubscriptionAttributes(r -> r.subscriptionArn(arn)))
                .isInstanceOf(NotFoundException.class);
    }
}
