package dev.ferry.functions.shaded;

import dev.ferry.functions.testing.LocalTables;
import dev.ferry.local.kinesis.KinesisService;
import dev.ferry.local.kinesis.KinesisSettings;
import dev.ferry.local.sns.SnsService;
import dev.ferry.local.sqs.SqsService;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The local DynamoDB, SQS, SNS and Kinesis with every table, queue, topic and stream the workflow's functions use,
 * and the one environment that gives each function what it reads (ShadedJarIT, InitBenchmark).
 */
final class WorkflowEnvironment implements AutoCloseable {

    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    private final LocalTables tables;
    private final SqsService sqsService;
    private final SnsService snsService;
    private final KinesisService kinesisService;
    private final Map<String, String> environment;

    private WorkflowEnvironment(LocalTables tables, SqsService sqsService, SnsService snsService, KinesisService kinesisService,
                                Map<String, String> environment) {
        this.tables = tables;
        this.sqsService = sqsService;
        this.snsService = snsService;
        this.kinesisService = kinesisService;
        this.environment = Map.copyOf(environment);
    }

    static WorkflowEnvironment start() throws InterruptedException {
        LocalTables tables = LocalTables.start();
        SqsService sqsService = SqsService.start();
        SnsService snsService = SnsService.start(sqsService.endpoint(), "us-east-1");
        KinesisService kinesisService = KinesisService.start(KinesisSettings.defaults().withStreamTransitionTime(Duration.ofMillis(50)));
        try (SqsClient sqs = SqsClient.builder().region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).endpointOverride(sqsService.endpoint())
                .httpClient(UrlConnectionHttpClient.builder().build()).build();
             SnsClient sns = SnsClient.builder().region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).endpointOverride(snsService.endpoint())
                     .httpClient(UrlConnectionHttpClient.builder().build()).build();
             KinesisClient kinesis = KinesisClient.builder().region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                     .endpointOverride(kinesisService.endpoint()).httpClient(UrlConnectionHttpClient.builder().build()).build()) {

            Map<String, String> env = new HashMap<>(tables.environment());
            tables.createHashTable("analytics-replay", "minute", false);
            env.put("REPLAY_TABLE", tables.name("analytics-replay"));
            env.put("OUTBOX_TABLES", tables.name("orders-outbox") + "," + tables.name("accounts-outbox"));
            env.put("OUTBOX_SWEEP_GRACE_SECONDS", "300");
            env.put("AWS_ENDPOINT_URL_SQS", sqsService.endpoint().toString());
            env.put("AWS_ENDPOINT_URL_SNS", snsService.endpoint().toString());
            env.put("AWS_ENDPOINT_URL_KINESIS", kinesisService.endpoint().toString());

            env.put("ACCOUNT_COMMANDS_QUEUE_URL", sqs.createQueue(b -> b.queueName("account-commands.fifo")
                    .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl());
            String domainEvents = sns.createTopic(b -> b.name("domain-events")).topicArn();
            String telemetry = sns.createTopic(b -> b.name("telemetry")).topicArn();
            env.put("DOMAIN_EVENTS_TOPIC_ARN", domainEvents);
            env.put("TELEMETRY_TOPIC_ARN", telemetry);
            env.put("PAYMENTS_QUEUE_URL", subscribed(sqs, sns, sqsService, domainEvents, "payments-order-placed",
                    "{\"type\":[\"dev.ferry.orders.OrderPlaced.v1\"]}"));
            env.put("OUTCOMES_QUEUE_URL", subscribed(sqs, sns, sqsService, domainEvents, "orders-payment-outcomes",
                    "{\"type\":[\"dev.ferry.payments.PaymentSucceeded.v1\",\"dev.ferry.payments.PaymentFailed.v1\"]}"));
            env.put("EMAILS_QUEUE_URL", subscribed(sqs, sns, sqsService, domainEvents, "notifications-emails",
                    "{\"type\":[\"dev.ferry.payments.AccountOpened.v1\",\"dev.ferry.orders.OrderConfirmed.v1\"]}"));
            env.put("TELEMETRY_QUEUE_URL", subscribed(sqs, sns, sqsService, telemetry, "telemetry-probe", null));

            kinesis.createStream(b -> b.streamName("event-log").shardCount(2));
            for (int i = 0; i < 100 && kinesis.describeStreamSummary(b -> b.streamName("event-log")).streamDescriptionSummary().streamStatus() != StreamStatus.ACTIVE; i++) {
                Thread.sleep(50);
            }
            env.put("EVENT_LOG_STREAM_NAME", "event-log");
            return new WorkflowEnvironment(tables, sqsService, snsService, kinesisService, env);
        }
    }

    /** Region, dummy keys, every endpoint, table, queue, topic and stream variable of the workflow's functions. */
    Map<String, String> environment() {
        return environment;
    }

    private static String subscribed(SqsClient sqs, SnsClient sns, SqsService sqsService, String topicArn, String queue, String filterPolicy) {
        String url = sqs.createQueue(b -> b.queueName(queue)).queueUrl();
        Map<String, String> attributes = new HashMap<>(Map.of("RawMessageDelivery", "true"));
        if (filterPolicy != null) {
            attributes.put("FilterPolicy", filterPolicy);
        }
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(sqsService.queueArn(queue)).attributes(attributes));
        return url;
    }

    @Override
    public void close() {
        kinesisService.close();
        snsService.close();
        sqsService.close();
        tables.close();
    }
}
