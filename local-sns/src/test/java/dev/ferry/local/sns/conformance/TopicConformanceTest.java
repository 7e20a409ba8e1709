package dev.ferry.local.sns.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.ListTopicsResponse;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sns.model.Tag;
import software.amazon.awssdk.services.sns.model.Topic;

@ExtendWith(ConformanceEnvironment.Resolver.class)
class TopicConformanceTest {
    private final ConformanceEnvironment env;
    private final SnsClient sns;

    TopicConformanceTest(ConformanceEnvironment env) {
        this.env = env;
        this.sns = env.sns;
    }

    @Test
    void createTopicReturnsArnInTheRegionAndIsIdempotentByName() {
        // AWS: https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html "This action is idempotent, so if the requester already owns a topic with the specified name,
        //   that topic's ARN is returned without creating a new topic"
        // Recorded: localstack/localstack tests/aws/services/sns/test_sns.snapshot.json TestSNSTopicCrudV2::test_create_topic_should_be_idempotent, TestSNSTopicCrud::test_create_topic_test_arn
        String name = ConformanceEnvironment.unique("orders");
        String arn = sns.createTopic(r -> r.name(name)).topicArn();

        assertThat(arn).startsWith("arn:aws:sns:us-east-1:").endsWith(":" + name);
        assertThat(sns.createTopic(r -> r.name(name)).topicArn()).isEqualTo(arn);
    }

    @Test
    void createTopicWithDifferentAttributesForAnExistingNameFails() {
        // Recorded: localstack/localstack tests/aws/services/sns/test_sns.snapshot.json TestSNSTopicCrudV2::test_create_topic_different_attrs ("Invalid parameter: Attributes Reason: Topic already
        //   exists with different attributes")
        String name = ConformanceEnvironment.unique("conflict");
        sns.createTopic(r -> r.name(name).attributes(Map.of("DisplayName", "one")));

        assertThat(sns.createTopic(r -> r.name(name).attributes(Map.of("DisplayName", "one"))).topicArn())
                .endsWith(name);
        assertThatThrownBy(() -> sns.createTopic(r -> r.name(name).attributes(Map.of("DisplayName", "two"))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Topic already exists with different attributes");
    }

    @Test
    void invalidTopicNamesAreRejected() {
        // AWS: https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html#API_CreateTopic_RequestParameters (Name: "Up to 256 characters ... For a FIFO topic, the
        //   name must end with the .fifo suffix")
        // Recorded: localstack/localstack tests/aws/services/sns/test_sns.snapshot.json TestSNSTopicCrudV2::test_create_topic_name_constraints (InvalidParameter "Invalid parameter: Topic Name" for
        //   every bad name, a FIFO name without .fifo included, recorded 2026-02-06)
        assertThatThrownBy(() -> sns.createTopic(r -> r.name("has space")))
                .isInstanceOf(InvalidParameterException.class).hasMessageStartingWith("Invalid parameter: Topic Name (");
        assertThatThrownBy(() -> sns.createTopic(r -> r.name("x".repeat(257))))
                .isInstanceOf(InvalidParameterException.class).hasMessageStartingWith("Invalid parameter: Topic Name (");
        assertThatThrownBy(() -> sns.createTopic(r -> r.name("needs-flag.fifo")))
                .isInstanceOf(InvalidParameterException.class).hasMessageStartingWith("Invalid parameter: Topic Name (");
        assertThatThrownBy(() -> sns.createTopic(r -> r.name("no-suffix").attributes(Map.of("FifoTopic", "true"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageStartingWith("Invalid parameter: Topic Name (");
    }

    @Test
    void fifoTopicHasFifoAttributes() {
        // AWS: https://docs.aws.amazon.com/sns/latest/dg/sns-fifo-topics.html; https://docs.aws.amazon.com/sns/latest/api/API_GetTopicAttributes.html (FifoTopic, ContentBasedDeduplication)
        // Recorded: localstack/localstack tests/aws/services/sns/test_sns.snapshot.json TestSNSTopicCrud::test_create_topic_with_attributes
        String name = ConformanceEnvironment.unique("ledger") + ".fifo";
        String arn = sns.createTopic(r -> r.name(name)
                .attributes(Map.of("FifoTopic", "true", "ContentBasedDeduplication", "true"))).topicArn();

        Map<String, String> attributes = sns.getTopicAttributes(r -> r.topicArn(arn)).attributes();
        assertThat(attributes).containsEntry("FifoTopic", "true")
                .containsEntry("ContentBasedDeduplication", "true")
                .containsEntry("TopicArn", arn);
    }

    @Test
    void getAndSetTopicAttributes() {
        // AWS: https://docs.aws.amazon.com/sns/latest/api/API_GetTopicAttributes.html (Policy, Owner, Subscriptions*, EffectiveDeliveryPolicy, DisplayName, TopicArn)
        // Recorded: localstack/localstack tests/aws/services/sns/test_sns.snapshot.json TestSNSTopicCrudV2::test_topic_get_attributes_with_fifo_false (no FifoTopic on a standard topic),
        //   test_create_topic_different_attrs ("topic-attrs")
        String arn = sns.createTopic(r -> r.name(ConformanceEnvironment.unique("attrs"))).topicArn();

        Map<String, String> initial = sns.getTopicAttributes(r -> r.topicArn(arn)).attributes();
        assertThat(initial).containsKeys("Policy", "Owner", "SubscriptionsConfirmed", "SubscriptionsPending",
                        "SubscriptionsDeleted", "EffectiveDeliveryPolicy", "DisplayName")
                .containsEntry("TopicArn", arn)
                .doesNotContainKey("FifoTopic");

        sns.setTopicAttributes(r -> r.topicArn(arn).attributeName("DisplayName").attributeValue("Orders"));
        assertThat(sns.getTopicAttributes(r -> r.topicArn(arn)).attributes()).containsEntry("DisplayName", "Orders");
    }

    @Test
    void settingFifoOnlyOrUnknownTopicAttributesFails() {
        // AWS: https://docs.aws.amazon.com/sns/latest/api/API_SetTopicAttributes.html (ContentBasedDeduplication applies to FIFO topics only)
        // Recorded: localstack/localstack tests/aws/services/sns/test_sns.snapshot.json TestSNSTopicCrudV2::test_topic_get_attributes_with_fifo_false ("Invalid parameter: AttributeName" for an
        //   attribute a standard topic cannot take)
        String arn = sns.createTopic(r -> r.name(ConformanceEnvironment.unique("std"))).topicArn();

        assertThatThrownBy(() -> sns.setTopicAttributes(r -> r.topicArn(arn)
                .attributeName("ContentBasedDeduplication").attributeValue("true")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> sns.setTopicAttributes(r -> r.topicArn(arn)
                .attributeName("NoSuchAttribute").attributeValue("x")))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void missingTopicIsNotFound() {
        // Recorded: localstack/localstack tests/aws/services/sns/test_sns.snapshot.json TestSNSPublishCrud::test_unknown_topic_publish (NotFound, "Topic does not exist", HTTP 404),
        //   TestSNSTopicCrud::test_create_topic_with_attributes
        String arn = "arn:aws:sns:us-east-1:000000000000:" + ConformanceEnvironment.unique("missing");

        assertThatThrownBy(() -> sns.getTopicAttributes(r -> r.topicArn(arn)))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Topic does not exist")
                .satisfies(e -> assertThat(((NotFoundException) e).statusCode()).isEqualTo(404));
    }

    @Test
    void deleteTopicRemovesItAndIsIdempotent() {
        // AWS: https://docs.aws.amazon.com/sns/latest/api/API_DeleteTopic.html "This action is idempotent, so deleting a topic that does not exist does not result in an error"
        // Recorded: localstack/localstack tests/aws/services/sns/test_sns.snapshot.json TestSNSTopicCrud::test_delete_topic_idempotency, TestSNSTopicCrudV2::test_delete_non_existent_topic
        String arn = sns.createTopic(r -> r.name(ConformanceEnvironment.unique("gone"))).topicArn();

        sns.deleteTopic(r -> r.topicArn(arn));
        sns.deleteTopic(r -> r.topicArn(arn));

        assertThatThrownBy(() -> sns.getTopicAttributes(r -> r.topicArn(arn))).isInstanceOf(NotFoundException.class);
        assertThat(allTopics()).doesNotContain(arn);
    }

    @Test
    void listTopicsPagesByOneHundred() {
        // AWS: https://docs.aws.amazon.com/sns/latest/api/API_ListTopics.html "Each call returns a limited list of topics, up to 100. If there are more topics, a NextToken is also returned"
        String prefix = ConformanceEnvironment.unique("page");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 105; i++) {
            String name = prefix + "-" + i;
            created.add(sns.createTopic(r -> r.name(name)).topicArn());
        }

        ListTopicsResponse first = sns.listTopics();
        assertThat(first.topics()).hasSizeLessThanOrEqualTo(100);
        assertThat(first.nextToken()).isNotNull();
        assertThat(allTopics()).containsAll(created);
        created.forEach(arn -> sns.deleteTopic(r -> r.topicArn(arn)));
    }

    @Test
    void tagsCanBeAddedListedAndRemoved() {
        // AWS: https://docs.aws.amazon.com/sns/latest/api/API_TagResource.html, https://docs.aws.amazon.com/sns/latest/api/API_UntagResource.html, https://docs.aws.amazon.com/sns/latest/api/API_ListTagsForResource.html#API_ListTagsForResource_Errors
        //   (ResourceNotFound)
        // Recorded: localstack/localstack tests/aws/services/sns/test_sns.snapshot.json TestSNSTopicCrud::test_tags
        String arn = sns.createTopic(r -> r.name(ConformanceEnvironment.unique("tags"))
                .tags(Tag.builder().key("team").value("payments").build())).topicArn();

        sns.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key("env").value("local").build()));
        assertThat(sns.listTagsForResource(r -> r.resourceArn(arn)).tags())
                .extracting(Tag::key).containsExactlyInAnyOrder("team", "env");

        sns.untagResource(r -> r.resourceArn(arn).tagKeys("team"));
        assertThat(sns.listTagsForResource(r -> r.resourceArn(arn)).tags())
                .extracting(Tag::key).containsExactly("env");
        assertThatThrownBy(() -> sns.listTagsForResource(r -> r.resourceArn(arn + "-missing")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    private List<String> allTopics() {
        return sns.listTopicsPaginator().topics().stream().map(Topic::topicArn).toList();
    }
}
