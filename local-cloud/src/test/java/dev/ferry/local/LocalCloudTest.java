package dev.ferry.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ferry.local.dynamodb.faults.DynamoDbFaultPlan;
import dev.ferry.local.kinesis.KinesisSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class LocalCloudTest {
    private static LocalCloud cloud;

    /** Throttles one table that only {@link #dynamoDbFaultsGivenAtStartReachTheEmbeddedDynamoDb} uses. */
    private static final String THROTTLED_TABLE = "always-throttled";

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(0, DynamoDbFaultPlan.parse("ddb-throttle:1,ddb-tables:" + THROTTLED_TABLE).withSeed(3));
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    private static <B extends AwsClientBuilder<B, C>, C> C client(B builder, String endpointVariable) {
        return builder.endpointOverride(URI.create(cloud.environment().get(endpointVariable)))
                .region(Region.of(cloud.environment().get("AWS_REGION")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    @Test
    void environmentNamesOneEndpointPerServicePlusRegionAndCredentials() {
        assertThat(cloud.environment()).containsKeys("AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_DYNAMODB_STREAMS",
                "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_SNS", "AWS_ENDPOINT_URL_KINESIS",
                "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
        assertThat(cloud.endpoints().values()).allMatch(url -> url.startsWith("http://127.0.0.1:"));
        assertThat(cloud.services()).extracting(LocalService::name).containsExactly("dynamodb", "sqs", "sns", "kinesis");
    }

    @Test
    void topicDeliversOnlyMatchingMessagesRawToAFilteredQueueSubscription() {
        try (SnsClient sns = client(SnsClient.builder().httpClient(UrlConnectionHttpClient.create()), "AWS_ENDPOINT_URL_SNS");
             SqsClient sqs = client(SqsClient.builder().httpClient(UrlConnectionHttpClient.create()), "AWS_ENDPOINT_URL_SQS")) {
            String topicArn = sns.createTopic(t -> t.name("domain-events")).topicArn();
            String queueUrl = sqs.createQueue(q -> q.queueName("payments-order-placed")).queueUrl();
            String queueArn = sqs.getQueueAttributes(a -> a.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            sns.subscribe(s -> s.topicArn(topicArn).protocol("sqs").endpoint(queueArn).attributes(Map.of(
                    "RawMessageDelivery", "true",
                    "FilterPolicy", "{\"type\":[\"OrderPlaced\"]}")));

            for (String type : List.of("AccountOpened", "OrderPlaced")) {
                sns.publish(p -> p.topicArn(topicArn).message("{\"event\":\"" + type + "\"}").messageAttributes(Map.of(
                        "type", MessageAttributeValue.builder().dataType("String").stringValue(type).build())));
            }

            List<Message> received = new java.util.ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                received.addAll(sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(1)
                        .messageAttributeNames("All")).messages());
                return !received.isEmpty();
            });
            assertThat(received).singleElement().satisfies(m -> {
                assertThat(m.body()).isEqualTo("{\"event\":\"OrderPlaced\"}");
                assertThat(m.messageAttributes().get("type").stringValue()).isEqualTo("OrderPlaced");
            });
            // the AccountOpened message matched no subscription and was dropped
            assertThat(sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(1)).messages()).isEmpty();
        }
    }

    @Test
    void kinesisAndDynamoDbAnswerThroughTheSameEnvironment() {
        try (KinesisClient kinesis = client(KinesisClient.builder().httpClient(UrlConnectionHttpClient.create()), "AWS_ENDPOINT_URL_KINESIS");
             DynamoDbClient dynamodb = client(DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()), "AWS_ENDPOINT_URL_DYNAMODB")) {
            kinesis.createStream(c -> c.streamName("event-log").shardCount(1));
            kinesis.waiter().waitUntilStreamExists(d -> d.streamName("event-log"));
            kinesis.putRecord(p -> p.streamName("event-log").partitionKey("order-1").data(SdkBytes.fromUtf8String("hello")));
            String shard = kinesis.listShards(l -> l.streamName("event-log")).shards().getFirst().shardId();
            String iterator = kinesis.getShardIterator(g -> g.streamName("event-log").shardId(shard)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            assertThat(kinesis.getRecords(g -> g.shardIterator(iterator)).records())
                    .extracting(r -> r.data().asUtf8String()).containsExactly("hello");

            assertThat(dynamodb.listTables().tableNames()).isNotNull();
        }
    }

    @Test
    void dynamoDbFaultsGivenAtStartReachTheEmbeddedDynamoDb() {
        try (DynamoDbClient dynamodb = client(DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())), "AWS_ENDPOINT_URL_DYNAMODB")) {
            for (String table : List.of(THROTTLED_TABLE, "calm")) {
                dynamodb.createTable(c -> c.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                        .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
            }
            Map<String, AttributeValue> item = Map.of("id", AttributeValue.fromS("x"));

            dynamodb.putItem(p -> p.tableName("calm").item(item));
            assertThatThrownBy(() -> dynamodb.putItem(p -> p.tableName(THROTTLED_TABLE).item(item)))
                    .isInstanceOf(ProvisionedThroughputExceededException.class);
            assertThat(cloud.dynamodb().faults().plan().seed()).isEqualTo(3);
        }
    }

    @Test
    void closingStopsEveryServiceIncludingKinesis() {
        LocalCloud second = LocalCloud.start();
        int kinesisPort = second.kinesis().port();
        OptionalLong pid = second.kinesis().engine() == KinesisSettings.Engine.KINESIS_MOCK
                ? OptionalLong.of(second.kinesis().pid()) : OptionalLong.empty();
        second.close();
        second.close(); // idempotent
        pid.ifPresent(p -> assertThat(ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)).isFalse());
        try (java.net.Socket socket = new java.net.Socket()) {
            assertThatThrownBy(() -> socket.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(),
                    kinesisPort), 500)).as("Kinesis still listening on %d", kinesisPort).isInstanceOf(java.io.IOException.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
