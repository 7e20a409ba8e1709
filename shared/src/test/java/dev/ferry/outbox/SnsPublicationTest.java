package dev.ferry.outbox;

import static dev.ferry.outbox.StreamRecords.outboxInsert;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.ferry.batch.ConsumerSettings;
import dev.ferry.batch.EnvelopeHandlers;
import dev.ferry.batch.Outcome;
import dev.ferry.batch.SqsBatchConsumer;
import dev.ferry.correlation.Correlation;
import dev.ferry.envelope.Envelope;
import dev.ferry.envelope.EnvelopeCodec;
import dev.ferry.idempotency.InMemoryIdempotencyStore;
import dev.ferry.local.sns.SnsService;
import dev.ferry.testing.TestLambdaContext;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
 * The relay publishing through the SNS API to Ferry's SNS emulator, fanned out to ElasticMQ queues, and
 * read back by a toolkit consumer: attributes, filter policies, FIFO groups and deduplication.
 */
class SnsPublicationTest {

    private static SQSRestServer elasticMq;
    private static SnsService snsService;
    private static SqsClient sqs;
    private static SnsClient sns;

    @BeforeAll
    static void start() {
        elasticMq = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().withAWSRegion("us-east-1").start();
        URI sqsEndpoint = URI.create("http://127.0.0.1:" + elasticMq.waitUntilStarted().localAddress().getPort());
        snsService = SnsService.start(sqsEndpoint, "us-east-1");
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        sqs = SqsClient.builder().region(Region.US_EAST_1).credentialsProvider(credentials).endpointOverride(sqsEndpoint)
                .httpClient(UrlConnectionHttpClient.builder().build()).build();
        sns = SnsClient.builder().region(Region.US_EAST_1).credentialsProvider(credentials).endpointOverride(snsService.endpoint())
                .httpClient(UrlConnectionHttpClient.builder().build()).build();
    }

    @AfterAll
    static void stop() {
        sns.close();
        sqs.close();
        snsService.close();
        elasticMq.stopAndWait();
    }

    @Test
    void publishedEventsCarryTypeAndCorrelationThroughFilterPoliciesToAConsumer() throws Exception {
        String topic = sns.createTopic(b -> b.name("domain-events")).topicArn();
        String queue = sqs.createQueue(b -> b.queueName("payments-inbox")).queueUrl();
        sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queueArn(queue))
                .attributes(Map.of("FilterPolicy", "{\"type\":[\"com.ferry.test.Happened.v1\"]}")));

        Envelope<StreamRecords.Payload> wanted = StreamRecords.event("evt-wanted", "order-1");
        Envelope<StreamRecords.Payload> other = new Envelope<>("evt-other", "/ferry/test", "com.ferry.test.Ignored.v1", "order-1",
                Instant.now(), new StreamRecords.Payload("n"), "corr-other", Optional.empty());
        RelayResult result = new OutboxRelay(List.of(new SnsTarget(sns, topic)))
                .relay(StreamRecords.event(List.of(outboxInsert(1, wanted), outboxInsert(2, other))));
        assertThat(result.publishedEventIds()).containsExactly("evt-wanted", "evt-other");
        assertThat(snsService.awaitDeliveries(Duration.ofSeconds(5))).isTrue();

        List<Message> received = receive(queue, 1);
        assertThat(received).singleElement().satisfies(m -> assertThat(m.body()).contains("Notification", "evt-wanted"));

        List<String> seen = new ArrayList<>();
        SqsBatchConsumer consumer = new SqsBatchConsumer(ConsumerSettings.effectivelyOnce("payments", new InMemoryIdempotencyStore()),
                EnvelopeHandlers.sqs(EnvelopeCodec.untyped(), StreamRecords.Payload.class, e -> {
                    seen.add(e.id() + "|" + Correlation.current().correlationId() + "|" + Correlation.current().causationId().orElse(""));
                    return Outcome.done();
                }));
        SQSEvent event = lambdaEvent(received);
        assertThat(consumer.handle(event, TestLambdaContext.of("payments")).getBatchItemFailures()).isEmpty();
        consumer.handle(event, TestLambdaContext.of("payments"));
        assertThat(seen).containsExactly("evt-wanted|corr-evt-wanted|evt-wanted");
    }

    @Test
    void fifoTopicKeepsTheSubjectAsGroupAndDropsARepublishedEvent() throws Exception {
        String topic = sns.createTopic(b -> b.name("domain-events.fifo").attributes(Map.of("FifoTopic", "true"))).topicArn();
        String queue = sqs.createQueue(b -> b.queueName("ledger.fifo").attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
        sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queueArn(queue)).attributes(Map.of("RawMessageDelivery", "true")));

        OutboxRelay relay = new OutboxRelay(List.of(new SnsTarget(sns, topic)));
        var first = StreamRecords.event(List.of(outboxInsert(1, StreamRecords.event("e1", "acc-1")), outboxInsert(2, StreamRecords.event("e2", "acc-1"))));
        relay.relay(first);
        relay.relay(first); // Lambda retried the batch: the same events again
        assertThat(snsService.awaitDeliveries(Duration.ofSeconds(5))).isTrue();

        List<Message> received = receive(queue, 2);
        assertThat(received).extracting(m -> EnvelopeCodec.untyped().decodeTree(m.body()).id()).containsExactly("e1", "e2");
        assertThat(received).allSatisfy(m -> assertThat(m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID)).isEqualTo("acc-1"));
    }

    private static String queueArn(String queueUrl) {
        return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private static List<Message> receive(String queue, int expected) {
        List<Message> all = new ArrayList<>();
        for (int i = 0; i < 5 && all.size() < expected; i++) {
            all.addAll(sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages());
        }
        // Nothing more may arrive: the republished FIFO events must have been deduplicated.
        all.addAll(sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1)).messages());
        return all;
    }

    private static SQSEvent lambdaEvent(List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : messages) {
            SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
            r.setMessageId(m.messageId());
            r.setBody(m.body());
            r.setAttributes(new HashMap<>(m.attributesAsStrings()));
            r.setMessageAttributes(Map.of());
            records.add(r);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }
}
