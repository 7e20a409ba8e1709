package dev.ferry.local.sns.conformance;

import dev.ferry.local.sns.SnsService;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Where the SNS conformance suite runs: Ferry's SNS with an embedded ElasticMQ by default, or the
 * endpoints in {@code AWS_ENDPOINT_URL_SNS} and {@code AWS_ENDPOINT_URL_SQS} when both are set. One
 * environment serves every test class of a run and is closed when the run ends.
 */
public final class ConformanceEnvironment implements AutoCloseable {
    static final String REGION = "us-east-1";

    private final Optional<SQSRestServer> elasticMq;
    private final Optional<SnsService> embedded;
    final SnsClient sns;
    final SqsClient sqs;

    private ConformanceEnvironment() {
        String snsUrl = System.getenv("AWS_ENDPOINT_URL_SNS");
        String sqsUrl = System.getenv("AWS_ENDPOINT_URL_SQS");
        URI snsEndpoint;
        URI sqsEndpoint;
        if (snsUrl != null && sqsUrl != null) {
            elasticMq = Optional.empty();
            embedded = Optional.empty();
            snsEndpoint = URI.create(snsUrl);
            sqsEndpoint = URI.create(sqsUrl);
        } else {
            SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort()
                    .withAWSRegion(REGION).start();
            int port = server.waitUntilStarted().localAddress().getPort();
            elasticMq = Optional.of(server);
            sqsEndpoint = URI.create("http://127.0.0.1:" + port);
            embedded = Optional.of(SnsService.start(SnsService.Config.of(sqsEndpoint, REGION)
                    .withRetries(3, Duration.ofMillis(20))));
            snsEndpoint = embedded.get().endpoint();
        }
        StaticCredentialsProvider credentials =
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        sns = SnsClient.builder().endpointOverride(snsEndpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        sqs = SqsClient.builder().endpointOverride(sqsEndpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** The embedded emulator, for what only it offers (Lambda callbacks, counters); empty against other endpoints. */
    Optional<SnsService> embedded() {
        return embedded;
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A queue and its ARN. */
    record Queue(String url, String arn) {}

    Queue createQueue(String name) {
        Map<QueueAttributeName, String> attributes = name.endsWith(".fifo")
                ? Map.of(QueueAttributeName.FIFO_QUEUE, "true")
                : Map.of();
        String url = sqs.createQueue(r -> r.queueName(name).attributes(attributes)).queueUrl();
        String arn = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return new Queue(url, arn);
    }

    /** Receives until {@code count} messages arrived or five seconds passed. */
    List<Message> receive(Queue queue, int count) {
        List<Message> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (out.size() < count && System.nanoTime() < deadline) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queue.url()).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            for (Message m : batch) {
                out.add(m);
                sqs.deleteMessage(r -> r.queueUrl(queue.url()).receiptHandle(m.receiptHandle()));
            }
        }
        return out;
    }

    /** Lets deliveries under way finish, then returns whatever is in the queue. */
    List<Message> drain(Queue queue) {
        settle();
        List<Message> out = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queue.url()).maxNumberOfMessages(10)
                    .waitTimeSeconds(0).messageAttributeNames("All")).messages();
            if (batch.isEmpty()) {
                return out;
            }
            for (Message m : batch) {
                out.add(m);
                sqs.deleteMessage(r -> r.queueUrl(queue.url()).receiptHandle(m.receiptHandle()));
            }
        }
    }

    /** Waits for deliveries under way: exactly with the embedded emulator, by a pause elsewhere. */
    void settle() {
        try {
            if (embedded.isPresent()) {
                embedded.get().awaitDeliveries(Duration.ofSeconds(5));
            } else {
                Thread.sleep(1500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        sns.close();
        sqs.close();
        embedded.ifPresent(SnsService::close);
        elasticMq.ifPresent(SQSRestServer::stopAndWait);
    }

    /** Injects the run's one environment into test constructors and methods. */
    public static final class Resolver implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == ConformanceEnvironment.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(ConformanceEnvironment.class, k -> new ConformanceEnvironment(),
                            ConformanceEnvironment.class);
        }
    }
}
