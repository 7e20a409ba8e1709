package dev.ferry.local.sns.bench;

import dev.ferry.local.sns.DeliveryCounters;
import dev.ferry.local.sns.SnsService;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Rerunnable measurement of the local SNS: one SnsClient publishing sequentially to a topic with two
 * raw SQS subscriptions (one filtered) and one Lambda callback, on an embedded ElasticMQ. Reports
 * publish calls per second and the time until every delivery has landed. Not a unit test.
 *
 * <p>Run: {@code java -cp local/target/classes:local/target/test-classes:<test classpath>
 * dev.ferry.local.sns.bench.SnsFanOutBenchmark [messages] [rounds]}
 */
public final class SnsFanOutBenchmark {
    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        SQSRestServer elasticMq = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort()
                .withAWSRegion("us-east-1").start();
        URI sqsEndpoint = URI.create("http://127.0.0.1:" + elasticMq.waitUntilStarted().localAddress().getPort());
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("b", "b"));
        try (SnsService service = SnsService.start(sqsEndpoint, "us-east-1");
             SnsClient sns = SnsClient.builder().endpointOverride(service.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
             SqsClient sqs = SqsClient.builder().endpointOverride(sqsEndpoint).region(Region.US_EAST_1)
                     .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build()) {
            String topic = sns.createTopic(r -> r.name("bench")).topicArn();
            String all = queueArn(sqs, "bench-all");
            String filtered = queueArn(sqs, "bench-filtered");
            sns.subscribe(r -> r.topicArn(topic).protocol("sqs").endpoint(all)
                    .attributes(Map.of("RawMessageDelivery", "true")));
            sns.subscribe(r -> r.topicArn(topic).protocol("sqs").endpoint(filtered)
                    .attributes(Map.of("RawMessageDelivery", "true", "FilterPolicy", "{\"type\":[\"even\"]}")));
            String function = "arn:aws:lambda:us-east-1:000000000000:function:bench";
            AtomicLong invocations = new AtomicLong();
            service.registerLambda(function, event -> invocations.incrementAndGet());
            sns.subscribe(r -> r.topicArn(topic).protocol("lambda").endpoint(function));

            for (int round = 0; round <= rounds; round++) {
                long start = System.nanoTime();
                for (int i = 0; i < messages; i++) {
                    String type = i % 2 == 0 ? "even" : "odd";
                    sns.publish(r -> r.topicArn(topic).message("{\"n\":1}").messageAttributes(Map.of("type",
                            MessageAttributeValue.builder().dataType("String").stringValue(type).build())));
                }
                long published = System.nanoTime();
                if (!service.awaitDeliveries(Duration.ofMinutes(2))) {
                    throw new IllegalStateException("deliveries did not finish");
                }
                long delivered = System.nanoTime();
                DeliveryCounters c = service.counters();
                System.out.printf("%s %d messages: %.0f publish/s, all %d deliveries done %.0f ms after the"
                                + " first publish (delivered total %d, dropped %d)%n",
                        round == 0 ? "warm-up" : "round " + round, messages,
                        messages / ((published - start) / 1e9), messages * 5 / 2, (delivered - start) / 1e6,
                        c.delivered(), c.dropped());
                purge(sqs, "bench-all");
                purge(sqs, "bench-filtered");
            }
        } finally {
            elasticMq.stopAndWait();
        }
    }

    private static String queueArn(SqsClient sqs, String name) {
        String url = sqs.createQueue(r -> r.queueName(name)).queueUrl();
        return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private static void purge(SqsClient sqs, String name) {
        String url = sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
        sqs.purgeQueue(r -> r.queueUrl(url));
    }
}
