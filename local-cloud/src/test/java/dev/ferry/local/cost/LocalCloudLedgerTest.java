package dev.ferry.local.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.local.LocalCloud;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** What the local cloud's services count in its ledger, through the AWS SDK as a function would call them. */
class LocalCloudLedgerTest {
    private static LocalCloud cloud;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start();
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    private static <B extends AwsClientBuilder<B, C>, C> C client(B builder, String endpointVariable) {
        return builder.endpointOverride(URI.create(cloud.environment().get(endpointVariable)))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    /** What the ledger counted while {@code action} ran. */
    private static LedgerSnapshot counted(Runnable action) {
        LedgerSnapshot before = cloud.ledger().snapshot();
        action.run();
        return cloud.ledger().snapshot().since(before);
    }

    @Test
    void dynamoDbCountsUnitsFromTheItemSizeAsAwsRoundsIt() {
        try (DynamoDbClient dynamodb = client(DynamoDbClient.builder(), "AWS_ENDPOINT_URL_DYNAMODB")) {
            dynamodb.createTable(t -> t.tableName("ledger-items").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
            // "pk" + "a" = 3 bytes, "data" + 1500 = 1504 bytes: 1507 bytes, two 1 KB write units
            Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("a"), "data", AttributeValue.fromS("x".repeat(1500)));

            assertThat(counted(() -> dynamodb.putItem(p -> p.tableName("ledger-items").item(item)))
                    .count(Meter.DYNAMODB_WRITE_UNITS, "ledger-items")).isEqualTo(2);
            // a transactional write costs twice: 4 units
            assertThat(counted(() -> dynamodb.transactWriteItems(t -> t.transactItems(i -> i.put(p -> p.tableName("ledger-items").item(item)))))
                    .count(Meter.DYNAMODB_WRITE_UNITS, "ledger-items")).isEqualTo(4);
            // reads: 1507 bytes is one 4 KB unit, half of it eventually consistent (counted in halves)
            assertThat(counted(() -> dynamodb.getItem(g -> g.tableName("ledger-items").key(Map.of("pk", AttributeValue.fromS("a")))))
                    .count(Meter.DYNAMODB_READ_UNITS, "ledger-items")).isEqualTo(1);
            assertThat(counted(() -> dynamodb.getItem(g -> g.tableName("ledger-items").consistentRead(true)
                    .key(Map.of("pk", AttributeValue.fromS("a"))))).count(Meter.DYNAMODB_READ_UNITS, "ledger-items")).isEqualTo(2);
        }
    }

    @Test
    void sqsCountsEachStartedSixtyFourKilobytesOfARequestAndEmptyReceivesApart() {
        try (SqsClient sqs = client(SqsClient.builder(), "AWS_ENDPOINT_URL_SQS")) {
            String queue = sqs.createQueue(q -> q.queueName("ledger-jobs")).queueUrl();
            String fifo = sqs.createQueue(q -> q.queueName("ledger-jobs.fifo")
                    .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true", QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"))).queueUrl();

            assertThat(counted(() -> sqs.sendMessage(m -> m.queueUrl(queue).messageBody("small")))
                    .count(Meter.SQS_STANDARD_REQUESTS, "ledger-jobs SendMessage")).isEqualTo(1);
            // 100 KB is two 64 KB chunks
            assertThat(counted(() -> sqs.sendMessage(m -> m.queueUrl(queue).messageBody("y".repeat(100 * 1024))))
                    .count(Meter.SQS_STANDARD_REQUESTS, "ledger-jobs SendMessage")).isEqualTo(2);
            assertThat(counted(() -> sqs.sendMessage(m -> m.queueUrl(fifo).messageBody("in order").messageGroupId("g")))
                    .count(Meter.SQS_FIFO_REQUESTS, "ledger-jobs.fifo SendMessage")).isEqualTo(1);

            String work = sqs.createQueue(q -> q.queueName("ledger-work")).queueUrl();
            sqs.sendMessage(m -> m.queueUrl(work).messageBody("one job"));
            LedgerSnapshot receive = counted(() -> sqs.receiveMessage(r -> r.queueUrl(work).maxNumberOfMessages(1)
                    .waitTimeSeconds(1)).messages().forEach(m -> sqs.deleteMessage(d -> d.queueUrl(work).receiptHandle(m.receiptHandle()))));
            assertThat(receive.count(Meter.SQS_STANDARD_REQUESTS, "ledger-work ReceiveMessage")).isEqualTo(1);
            assertThat(receive.count(Meter.SQS_STANDARD_REQUESTS, "ledger-work DeleteMessage")).isEqualTo(1);

            String empty = sqs.createQueue(q -> q.queueName("ledger-empty")).queueUrl();
            LedgerSnapshot idle = counted(() -> sqs.receiveMessage(r -> r.queueUrl(empty).waitTimeSeconds(0)));
            assertThat(idle.count(Meter.SQS_EMPTY_RECEIVES, "ledger-empty ReceiveMessage")).isEqualTo(1);
            assertThat(idle.total(Meter.SQS_STANDARD_REQUESTS)).isZero();
        }
    }

    @Test
    void snsCountsPublishesAndDeliveriesAndItsDeliveriesAreNoSqsRequests() {
        try (SnsClient sns = client(SnsClient.builder(), "AWS_ENDPOINT_URL_SNS");
             SqsClient sqs = client(SqsClient.builder(), "AWS_ENDPOINT_URL_SQS")) {
            String queue = sqs.createQueue(q -> q.queueName("ledger-subscriber")).queueUrl();
            String queueArn = sqs.getQueueAttributes(a -> a.queueUrl(queue).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            String topic = sns.createTopic(t -> t.name("ledger-events")).topicArn();
            sns.subscribe(s -> s.topicArn(topic).protocol("sqs").endpoint(queueArn));

            LedgerSnapshot before = cloud.ledger().snapshot();
            sns.publish(p -> p.topicArn(topic).message("hello"));
            await().atMost(Duration.ofSeconds(30)).until(() -> depth(sqs, queue) == 1);
            LedgerSnapshot published = cloud.ledger().snapshot().since(before);

            assertThat(published.count(Meter.SNS_PUBLISHES, "ledger-events")).isEqualTo(1);
            assertThat(published.count(Meter.SNS_SQS_DELIVERIES, "ledger-subscriber")).isEqualTo(1);
            assertThat(published.total(Meter.SQS_STANDARD_REQUESTS)).as("SNS's delivery is billed by SNS, not as an SQS request").isZero();
        }
    }

    @Test
    void kinesisCountsTwentyFiveKilobytePutPayloadUnitsPerRecord() {
        try (KinesisClient kinesis = client(KinesisClient.builder(), "AWS_ENDPOINT_URL_KINESIS")) {
            kinesis.createStream(s -> s.streamName("ledger-log").shardCount(1));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    kinesis.describeStreamSummary(d -> d.streamName("ledger-log")).streamDescriptionSummary().streamStatusAsString().equals("ACTIVE"));
            // 30 KB of data and a 1-byte key: two 25 KB units
            assertThat(counted(() -> kinesis.putRecord(p -> p.streamName("ledger-log").partitionKey("k")
                    .data(SdkBytes.fromByteArray(new byte[30 * 1024])))).count(Meter.KINESIS_PUT_UNITS, "ledger-log")).isEqualTo(2);
            Supplier<PutRecordsRequestEntry> small = () -> PutRecordsRequestEntry.builder().partitionKey("k")
                    .data(SdkBytes.fromByteArray(new byte[1024])).build();
            assertThat(counted(() -> kinesis.putRecords(p -> p.streamName("ledger-log").records(small.get(), small.get())))
                    .count(Meter.KINESIS_PUT_UNITS, "ledger-log")).isEqualTo(2);
        }
    }

    private static int depth(SqsClient sqs, String queue) {
        return Integer.parseInt(sqs.getQueueAttributes(a -> a.queueUrl(queue)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }
}
