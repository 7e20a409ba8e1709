package dev.ferry.local.sns.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/** Filter policies applied end to end: only matching messages reach a subscription. */
@ExtendWith(ConformanceEnvironment.Resolver.class)
class FilterDeliveryConformanceTest {
    private final ConformanceEnvironment env;
    private final SnsClient sns;

    FilterDeliveryConformanceTest(ConformanceEnvironment env) {
        this.env = env;
        this.sns = env.sns;
    }

    private static Map<String, MessageAttributeValue> type(String type) {
        return Map.of("type", MessageAttributeValue.builder().dataType("String").stringValue(type).build());
    }

    private ConformanceEnvironment.Queue subscribe(String topicArn, Map<String, String> attributes) {
        ConformanceEnvironment.Queue queue = env.createQueue(ConformanceEnvironment.unique("q"));
        Map<String, String> all = new java.util.HashMap<>(attributes);
        all.put("RawMessageDelivery", "true");
        sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queue.arn()).attributes(all));
        return queue;
    }

    // AWS: https://docs.aws.amazon.com/sns/latest/dg/message-filtering.html "If a subscription doesn't have a filter policy,
    //   the subscriber receives every message published to its topic"; https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html
    //   (scope MessageAttributes: "each property name in the filter policy matches a message attribute name", so a
    //   message without the attribute matches no policy on it)
    // Recorded: localstack/localstack tests/aws/services/sns/test_sns_filter_policy.snapshot.json TestSNSFilterPolicyAttributes::test_exists_filter_policy
    //   ("messages-2" still holds only message-1: the message without the policy's attribute is not delivered); TestSNSFilterPolicyBody::test_filter_policy_for_batch
    //   (the subscription without a policy receives what the filtered one refuses)
    @Test
    void attributePolicyRoutesByMessageType() {
        String topicArn = sns.createTopic(r -> r.name(ConformanceEnvironment.unique("domain-events"))).topicArn();
        ConformanceEnvironment.Queue payments = subscribe(topicArn, Map.of("FilterPolicy", "{\"type\":[\"OrderPlaced\"]}"));
        ConformanceEnvironment.Queue notifications = subscribe(topicArn,
                Map.of("FilterPolicy", "{\"type\":[\"AccountOpened\",\"OrderConfirmed\"]}"));
        ConformanceEnvironment.Queue everything = subscribe(topicArn, Map.of());

        sns.publish(r -> r.topicArn(topicArn).message("placed").messageAttributes(type("OrderPlaced")));
        sns.publish(r -> r.topicArn(topicArn).message("opened").messageAttributes(type("AccountOpened")));
        sns.publish(r -> r.topicArn(topicArn).message("untyped"));

        assertThat(env.drain(payments)).extracting(Message::body).containsExactly("placed");
        assertThat(env.drain(notifications)).extracting(Message::body).containsExactly("opened");
        assertThat(env.drain(everything)).extracting(Message::body)
                .containsExactlyInAnyOrder("placed", "opened", "untyped");
    }

    // AWS: https://docs.aws.amazon.com/sns/latest/dg/message-filtering.html "Filter policies for the message body assume that
    //   the message payload is a well-formed JSON object"; https://docs.aws.amazon.com/sns/latest/dg/numeric-value-matching.html (numeric
    //   operators match "message body property values" too); https://docs.aws.amazon.com/sns/latest/dg/string-value-matching.html (prefix)
    // Recorded: localstack/localstack tests/aws/services/sns/test_sns_filter_policy.snapshot.json TestSNSFilterPolicyBody::test_filter_policy_on_message_body
    //   (nested keys with prefix; a body that is not JSON, or not a JSON object, is not delivered),
    //   TestSNSFilterPolicyBody::test_filter_policy_on_message_body_array_of_object_attributes (a nested key matched inside an array of objects)
    @Test
    void bodyPolicyFiltersOnNestedPayloadProperties() {
        String topicArn = sns.createTopic(r -> r.name(ConformanceEnvironment.unique("payloads"))).topicArn();
        ConformanceEnvironment.Queue large = subscribe(topicArn, Map.of("FilterPolicyScope", "MessageBody",
                "FilterPolicy", "{\"order\":{\"total\":[{\"numeric\":[\">=\",100]}],\"items\":{\"sku\":[{\"prefix\":\"BK-\"}]}}}"));

        sns.publish(r -> r.topicArn(topicArn).message("{\"order\":{\"total\":250,\"items\":[{\"sku\":\"TV-1\"},{\"sku\":\"BK-7\"}]}}"));
        sns.publish(r -> r.topicArn(topicArn).message("{\"order\":{\"total\":20,\"items\":[{\"sku\":\"BK-1\"}]}}"));
        sns.publish(r -> r.topicArn(topicArn).message("not json at all"));

        assertThat(env.drain(large)).extracting(Message::body)
                .containsExactly("{\"order\":{\"total\":250,\"items\":[{\"sku\":\"TV-1\"},{\"sku\":\"BK-7\"}]}}");
    }

    // AWS: https://docs.aws.amazon.com/sns/latest/dg/numeric-value-matching.html (numeric operators on "Type": "Number" attributes);
    //   https://docs.aws.amazon.com/sns/latest/dg/string-value-matching.html "For String.Array type attributes, each element in the array
    //   is treated as a separate string for matching purposes"
    // Recorded: localstack/localstack tests/aws/services/sns/test_sns_filter_policy.snapshot.json TestSNSFilterPolicyAttributes::test_filter_policy
    //   (numeric range on a Number attribute: 99 delivered, 111 not), TestSNSFilterPolicyAttributes::test_exists_filter_policy_attributes_array
    //   (a String.Array attribute matches when one element is in the policy's list)
    @Test
    void numberAndStringArrayAttributesAreFilterable() {
        String topicArn = sns.createTopic(r -> r.name(ConformanceEnvironment.unique("typed"))).topicArn();
        ConformanceEnvironment.Queue queue = subscribe(topicArn, Map.of("FilterPolicy",
                "{\"amount\":[{\"numeric\":[\">\",50]}],\"tags\":[\"vip\"]}"));

        sns.publish(r -> r.topicArn(topicArn).message("yes").messageAttributes(Map.of(
                "amount", MessageAttributeValue.builder().dataType("Number").stringValue("75").build(),
                "tags", MessageAttributeValue.builder().dataType("String.Array").stringValue("[\"new\",\"vip\"]").build())));
        sns.publish(r -> r.topicArn(topicArn).message("too small").messageAttributes(Map.of(
                "amount", MessageAttributeValue.builder().dataType("Number").stringValue("10").build(),
                "tags", MessageAttributeValue.builder().dataType("String.Array").stringValue("[\"vip\"]").build())));

        assertThat(env.drain(queue)).extracting(Message::body).containsExactly("yes");
    }

    // AWS: https://docs.aws.amazon.com/sns/latest/dg/message-filtering.html "Otherwise, Amazon SNS doesn't send the message to
    //   that subscriber"
    // Ferry's choice: the unmatched counter is the emulator's own (AWS reports filtered-out messages only as CloudWatch
    //   metrics such as NumberOfNotificationsFilteredOut, which the emulator does not have); it is checked only when embedded
    @Test
    void messageMatchingNoSubscriptionIsDroppedAndCounted() {
        String topicArn = sns.createTopic(r -> r.name(ConformanceEnvironment.unique("nobody"))).topicArn();
        ConformanceEnvironment.Queue queue = subscribe(topicArn, Map.of("FilterPolicy", "{\"type\":[\"A\"]}"));
        long unmatchedBefore = env.embedded().map(s -> s.counters().unmatched()).orElse(0L);

        sns.publish(r -> r.topicArn(topicArn).message("b").messageAttributes(type("B")));

        assertThat(env.drain(queue)).isEmpty();
        env.embedded().ifPresent(s -> assertThat(s.counters().unmatched()).isGreaterThan(unmatchedBefore));
    }

    // Recorded: localstack/localstack tests/aws/services/sns/test_sns_filter_policy.snapshot.json TestSNSFilterPolicyAttributes::test_filter_policy
    //   (a changed policy governs later messages; setting FilterPolicy to "" removes it, and "messages-4" shows a message the old
    //   policy refused delivered again)
    // Ferry's choice: the change applies to the very next publish. AWS says "Additions or changes to a subscription filter
    //   policy require up to 15 minutes to fully take effect" (https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html),
    //   so against AWS b2 may still be refused for a while; the emulator drops the delay for determinism (docs/sns-emulator.md)
    @Test
    void changingTheFilterPolicyTakesEffectForLaterMessages() {
        String topicArn = sns.createTopic(r -> r.name(ConformanceEnvironment.unique("change"))).topicArn();
        ConformanceEnvironment.Queue queue = env.createQueue(ConformanceEnvironment.unique("q"));
        String arn = sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queue.arn())
                .attributes(Map.of("RawMessageDelivery", "true", "FilterPolicy", "{\"type\":[\"A\"]}"))).subscriptionArn();

        sns.publish(r -> r.topicArn(topicArn).message("b1").messageAttributes(type("B")));
        sns.setSubscriptionAttributes(r -> r.subscriptionArn(arn).attributeName("FilterPolicy")
                .attributeValue("{\"type\":[\"B\"]}"));
        sns.publish(r -> r.topicArn(topicArn).message("b2").messageAttributes(type("B")));
        sns.setSubscriptionAttributes(r -> r.subscriptionArn(arn).attributeName("FilterPolicy").attributeValue(""));
        sns.publish(r -> r.topicArn(topicArn).message("c").messageAttributes(type("C")));

        assertThat(env.drain(queue)).extracting(Message::body).containsExactlyInAnyOrder("b2", "c");
    }
}
