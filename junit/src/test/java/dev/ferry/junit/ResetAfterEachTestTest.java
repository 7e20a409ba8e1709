package dev.ferry.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The second test runs after the first and must find the account empty, and its names free again. */
@FerryLocalCloud(resetAfterEachTest = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResetAfterEachTestTest {
    @FerryInject static DynamoDbClient dynamo;
    @FerryInject static SqsClient sqs;
    @FerryInject static SnsClient sns;
    @FerryInject static KinesisClient kinesis;

    private static void createEverything() {
        dynamo.createTable(t -> t.tableName("orders")
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        String topicArn = sns.createTopic(t -> t.name("order-events")).topicArn();
        Subscriptions.rawQueueSubscription(sns, sqs, topicArn, "billing");
        kinesis.createStream(c -> c.streamName("clicks").shardCount(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> kinesis.describeStreamSummary(d -> d.streamName("clicks"))
                .streamDescriptionSummary().streamStatus() == StreamStatus.ACTIVE);
        sns.publish(p -> p.topicArn(topicArn).message("in flight while the reset runs"));
    }

    @Test
    @Order(1)
    void aTestCreatesATableAQueueATopicWithASubscriptionAndAStream() {
        createEverything();

        assertThat(dynamo.listTables().tableNames()).containsExactly("orders");
        assertThat(sqs.listQueues().queueUrls()).hasSize(1);
        assertThat(sns.listTopics().topics()).hasSize(1);
        assertThat(sns.listSubscriptions().subscriptions()).hasSize(1);
        assertThat(kinesis.listStreams().streamNames()).containsExactly("clicks");
    }

    @Test
    @Order(2)
    void theNextTestFindsNoneOfThemAndCanCreateTheSameNamesAgain() {
        assertThat(dynamo.listTables().tableNames()).isEmpty();
        assertThat(sqs.listQueues().queueUrls()).isEmpty();
        assertThat(sns.listTopics().topics()).isEmpty();
        assertThat(sns.listSubscriptions().subscriptions()).isEmpty();
        assertThat(kinesis.listStreams().streamNames()).isEmpty();

        createEverything();
    }
}
