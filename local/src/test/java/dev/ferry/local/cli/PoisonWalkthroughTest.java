package dev.ferry.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.sqs.SqsService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code ferry demo --poison} on an SQS emulator whose queues look like the workflow's (a FIFO command queue and two
 * event queues, each with a dead-letter queue after one receive) and whose consumer of {@code dev-payments-order-placed}
 * fails every message it receives: the malformed message reaches that queue's dead-letter queue through the redrive
 * policy, and the walkthrough says which {@code ferry dlq} commands to try.
 */
class PoisonWalkthroughTest {
    @TempDir
    Path home;

    private SqsService service;
    private SqsClient sqs;
    private final AtomicBoolean consuming = new AtomicBoolean(true);
    private Thread failingConsumer;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void queuesLikeTheWorkflowsAndAConsumerThatFailsEverything() {
        service = SqsService.start();
        sqs = SqsClient.builder().endpointOverride(service.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        queueWithDlq("dev-account-commands.fifo", "dev-account-commands-dlq.fifo");
        queueWithDlq("dev-notifications-emails", "dev-notifications-emails-dlq");
        String payments = queueWithDlq("dev-payments-order-placed", "dev-payments-order-placed-dlq");
        sqs.createQueue(r -> r.queueName("dev-stream-failures"));
        new UpState(Optional.of(URI.create("http://127.0.0.1:1/dev")),
                Map.of("AWS_ENDPOINT_URL_SQS", service.endpoint().toString(), "AWS_REGION", "us-east-1"),
                Map.of(UpState.ON_FAILURE_QUEUES, List.of("dev-stream-failures")), ProcessHandle.current().pid(), Instant.now())
                .write(UpState.file(home, "a"));
        // Receives and never deletes: after one receive the redrive policy moves the message on.
        failingConsumer = Thread.ofPlatform().daemon().start(() -> {
            while (consuming.get()) {
                try {
                    sqs.receiveMessage(r -> r.queueUrl(payments).waitTimeSeconds(1).visibilityTimeout(0));
                } catch (RuntimeException stopping) {
                    return;
                }
            }
        });
    }

    private String queueWithDlq(String name, String dlqName) {
        String dlqUrl = sqs.createQueue(r -> r.queueName(dlqName).attributesWithStrings(
                dlqName.endsWith(".fifo") ? Map.of("FifoQueue", "true") : Map.of())).queueUrl();
        String dlqArn = sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        Map<String, String> attributes = new java.util.HashMap<>(Map.of("RedrivePolicy",
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":1}", "VisibilityTimeout", "0"));
        if (name.endsWith(".fifo")) attributes.put("FifoQueue", "true");
        return sqs.createQueue(r -> r.queueName(name).attributesWithStrings(attributes)).queueUrl();
    }

    @AfterEach
    void stop() throws Exception {
        consuming.set(false);
        failingConsumer.join(5_000);
        sqs.close();
        service.close();
    }

    private int ferry(String... args) {
        return new FerryCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new CountDownLatch(1), home, Map.of()).run(args);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aMalformedMessageOnThePaymentsQueueEndsInItsDeadLetterQueueAndTheDlqCommandsAreNamed() {
        assertThat(ferry("demo", "--poison", "--name", "a", "--timeout", "20")).as(err.toString(StandardCharsets.UTF_8)).isZero();

        assertThat(output()).containsPattern("ferry demo --poison against the local cloud 'a' \\(run (\\w{6})\\)")
                .containsPattern(" 1\\. a malformed message\\s+sent to dev-payments-order-placed: \\{\"not\":\"an event\",\"run\":\"\\w{6}\"}")
                .containsPattern(" 2\\. dead-lettered\\s+after \\d+\\.\\d s: dev-payments-order-placed-dlq holds 1 message\\(s\\)")
                .contains("./ferry dlq --name a ")
                .contains("./ferry dlq show dev-payments-order-placed-dlq --name a ")
                .contains("./ferry dlq redrive dev-payments-order-placed-dlq --name a ")
                .containsPattern("done in \\d+\\.\\d s");

        out.reset();
        assertThat(ferry("dlq", "show", "dev-payments-order-placed-dlq", "--name", "a")).isZero();
        assertThat(output()).contains("dev-payments-order-placed-dlq: 1 message(s)").contains("{\"not\":\"an event\"");
    }

    @Test
    void withoutAConsumerItGivesUpAtTheTimeoutAndSaysWhereToLook() throws Exception {
        consuming.set(false);
        failingConsumer.join(5_000);

        assertThat(ferry("demo", "--poison", "--name", "a", "--timeout", "1")).isEqualTo(1);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("ferry demo --poison: the message did not reach dev-payments-order-placed-dlq within 1 s")
                .contains("is the consumer of dev-payments-order-placed running? './ferry logs --name a' shows what it did");
    }

    @Test
    void theQueueToPoisonIsTheWorkflowsPaymentsQueueElseAStandardOne() {
        DeadLetterQueues.Dlq fifo = new DeadLetterQueues.Dlq("x-commands-dlq.fifo", "u1", "a1", 0, 0, List.of("x-commands.fifo"), false);
        DeadLetterQueues.Dlq emails = new DeadLetterQueues.Dlq("x-emails-dlq", "u2", "a2", 0, 0, List.of("x-emails"), false);
        DeadLetterQueues.Dlq payments = new DeadLetterQueues.Dlq("x-payments-order-placed-dlq", "u3", "a3", 0, 0,
                List.of("x-payments-order-placed"), false);
        DeadLetterQueues.Dlq streams = new DeadLetterQueues.Dlq("x-stream-failures", "u4", "a4", 0, 0, List.of(), true);

        assertThat(PoisonWalkthrough.target(List.of(fifo, emails, payments, streams))).contains(payments);
        assertThat(PoisonWalkthrough.target(List.of(fifo, emails, streams))).contains(emails);
        assertThat(PoisonWalkthrough.target(List.of(fifo, streams))).isEmpty();
    }
}
