package dev.ferry.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.correlation.CorrelationContext;
import java.net.URI;
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
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Dead letters sent through the SQS API to ElasticMQ, the local cloud's SQS. */
class SqsDeadLettersTest {

    private static SQSRestServer server;
    private static SqsClient sqs;

    @BeforeAll
    static void startSqs() {
        server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().withAWSRegion("us-east-1").start();
        int port = server.waitUntilStarted().localAddress().getPort();
        sqs = SqsClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .httpClient(UrlConnectionHttpClient.builder().build()).build();
    }

    @AfterAll
    static void stopSqs() {
        sqs.close();
        server.stopAndWait();
    }

    @Test
    void deadLetterCarriesTheBodyTheReasonAndTheConversation() {
        String queue = sqs.createQueue(b -> b.queueName("jobs-dlq")).queueUrl();
        new SqsDeadLetters(sqs, queue).send(new DeadLetter("jobs", "m-1", "{\"amount\":-5}", "amount is negative", 3,
                CorrelationContext.of("corr-1", "evt-1"), Optional.empty()));

        Message letter = receiveOne(queue);
        assertThat(letter.body()).isEqualTo("{\"amount\":-5}");
        assertThat(letter.messageAttributes().get(SqsDeadLetters.REASON).stringValue()).isEqualTo("amount is negative");
        assertThat(letter.messageAttributes().get(SqsDeadLetters.SOURCE_ID).stringValue()).isEqualTo("m-1");
        assertThat(letter.messageAttributes().get(SqsDeadLetters.CONSUMER).stringValue()).isEqualTo("jobs");
        assertThat(letter.messageAttributes().get(SqsDeadLetters.ATTEMPTS).stringValue()).isEqualTo("3");
        assertThat(letter.messageAttributes().get("correlationid").stringValue()).isEqualTo("corr-1");
        assertThat(letter.messageAttributes().get("causationid").stringValue()).isEqualTo("evt-1");
    }

    @Test
    void fifoDeadLetterKeepsTheGroupAndDeduplicatesARepeatedSend() {
        String queue = sqs.createQueue(b -> b.queueName("payments-dlq.fifo")
                .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
        SqsDeadLetters dlq = new SqsDeadLetters(sqs, queue);
        DeadLetter letter = new DeadLetter("payments", "m-9", "body", "poison", 5, CorrelationContext.of("c", null), Optional.of("acc-1"));
        dlq.send(letter);
        dlq.send(letter);

        List<Message> received = sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1)
                .messageSystemAttributeNamesWithStrings("MessageGroupId")).messages();
        assertThat(received).singleElement().satisfies(m -> assertThat(m.attributesAsStrings().get("MessageGroupId")).isEqualTo("acc-1"));
    }

    private static Message receiveOne(String queue) {
        return sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(1).waitTimeSeconds(2).messageAttributeNames("All"))
                .messages().get(0);
    }
}
