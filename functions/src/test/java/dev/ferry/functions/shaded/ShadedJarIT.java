package dev.ferry.functions.shaded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.functions.testing.LocalTables;
import dev.ferry.local.kinesis.KinesisService;
import dev.ferry.local.kinesis.KinesisSettings;
import dev.ferry.local.sns.SnsService;
import dev.ferry.local.sqs.SqsService;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
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
 * The shaded, minimized {@code ferry-functions.jar} runs the whole workflow in a JVM of its own (class path:
 * the jar and {@link WorkflowDriver} only), against the local DynamoDB, SQS, SNS and Kinesis: proof that
 * minimization kept every class the handlers load. Runs in {@code verify} (failsafe), after the jar is built.
 */
class ShadedJarIT {

    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    @Test
    void theShadedJarRunsOrderToCashEndToEnd() throws Exception {
        String jar = System.getProperty("ferry.functions.jar");
        assumeTrue(jar != null && new File(jar).isFile(), "runs in verify, once the shaded jar exists");
        try (LocalTables tables = LocalTables.start();
             SqsService sqsService = SqsService.start();
             SnsService snsService = SnsService.start(sqsService.endpoint(), "us-east-1");
             KinesisService kinesisService = KinesisService.start(KinesisSettings.defaults().withStreamTransitionTime(Duration.ofMillis(50)));
             SqsClient sqs = SqsClient.builder().region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).endpointOverride(sqsService.endpoint())
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

            Path log = Files.createTempFile("workflow-driver", ".log");
            String classPath = jar + File.pathSeparator + Path.of(WorkflowDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            ProcessBuilder process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", classPath, WorkflowDriver.class.getName()).redirectErrorStream(true).redirectOutput(log.toFile());
            process.environment().clear();
            process.environment().putAll(env);
            Process driver = process.start();
            boolean finished = driver.waitFor(120, TimeUnit.SECONDS);
            if (!finished) {
                driver.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(finished).as(output).isTrue();
            assertThat(driver.exitValue()).as(output).isZero();
            assertThat(output).contains("WORKFLOW OK").doesNotContain("NoClassDefFoundError").doesNotContain("ClassNotFoundException");
            Files.delete(log);
        }
    }

    @Test
    void theShadedJarHoldsNoNettyAndNoApacheHttpClient() throws Exception {
        String jar = System.getProperty("ferry.functions.jar");
        assumeTrue(jar != null && new File(jar).isFile(), "runs in verify, once the shaded jar exists");
        try (JarFile file = new JarFile(jar)) {
            List<String> classes = file.stream().map(JarEntry::getName).filter(name -> name.endsWith(".class")).toList();
            assertThat(classes).as("the URLConnection client is in").anyMatch(name -> name.startsWith("software/amazon/awssdk/http/urlconnection/"));
            assertThat(classes).as("Netty and Apache only add cold-start time")
                    .noneMatch(name -> name.startsWith("io/netty/")
                            || name.startsWith("org/apache/http/")
                            || name.startsWith("org/apache/hc/")
                            || name.startsWith("software/amazon/awssdk/http/nio/netty/")
                            || name.startsWith("software/amazon/awssdk/http/apache/")
                            || name.startsWith("software/amazon/awssdk/http/apache5/"));
        }
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
}
