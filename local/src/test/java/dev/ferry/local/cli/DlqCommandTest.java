package dev.ferry.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.sqs.SqsService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** {@code ferry dlq} against an embedded SQS with a queue, its DLQ and a stream on-failure queue, found through the state file. */
class DlqCommandTest {
    private static SqsService sqsService;
    private static SqsClient sqs;
    private static int run;

    @TempDir
    Path home;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private String source;
    private String sourceUrl;
    private String dlqUrl;

    @BeforeAll
    static void startSqs() {
        sqsService = SqsService.start();
        sqs = SqsClient.builder().endpointOverride(sqsService.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stopSqs() {
        sqs.close();
        sqsService.close();
    }

    /** A fresh prefix per test, so that the tests share one server without seeing each other's queues. */
    @BeforeEach
    void createQueues() {
        String prefix = "t" + (++run) + "-";
        source = prefix + "payments";
        dlqUrl = sqs.createQueue(r -> r.queueName(prefix + "payments-dlq")).queueUrl();
        String dlqArn = sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        sourceUrl = sqs.createQueue(r -> r.queueName(source).attributesWithStrings(Map.of("RedrivePolicy",
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":1}", "VisibilityTimeout", "0"))).queueUrl();
        sqs.createQueue(r -> r.queueName(prefix + "stream-failures"));
        new UpState(java.util.Optional.of(java.net.URI.create("http://127.0.0.1:1/dev")),
                Map.of("AWS_ENDPOINT_URL_SQS", sqsService.endpoint().toString(), "AWS_REGION", "us-east-1"),
                Map.of(UpCommand.ON_FAILURE_QUEUES, List.of(prefix + "stream-failures")),
                ProcessHandle.current().pid(), Instant.now()).write(UpState.file(home));
    }

    private int ferry(String... args) {
        return new FerryCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new CountDownLatch(1), home, Map.of()).run(args);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String prefixOf(String name) {
        return name.substring(0, name.indexOf('-') + 1);
    }

    @Test
    void listShowsEveryDeadLetterQueueWithItsDepthAndSources() {
        sqs.sendMessage(r -> r.queueUrl(dlqUrl).messageBody("{\"a\":1}"));
        sqs.sendMessage(r -> r.queueUrl(dlqUrl).messageBody("{\"a\":2}"));

        assertThat(ferry("dlq", "list", "--prefix", prefixOf(source))).isZero();

        assertThat(output()).containsPattern(source + "-dlq\\s+2\\s+" + source + "\\n");
        assertThat(output()).containsPattern(prefixOf(source) + "stream-failures\\s+0\\s+stream mappings \\(on-failure destination\\)");
        assertThat(output()).doesNotContainPattern("(?m)^" + source + "\\s");
    }

    @Test
    void showPrintsTheReasonAConsumerAttachedAndLeavesTheMessageOnTheQueue() {
        sqs.sendMessage(r -> r.queueUrl(dlqUrl).messageBody("{\"orderId\":\"o-1\"}").messageAttributes(Map.of(
                "ferry-failure-reason", text("unknown account a-9"), "ferry-consumer", text("PaymentsConsumer"),
                "ferry-attempts", MessageAttributeValue.builder().dataType("Number").stringValue("3").build(),
                "correlationid", text("c-42"))));

        assertThat(ferry("dlq", "show", source + "-dlq", "--prefix", prefixOf(source))).isZero();

        assertThat(output()).contains("1 message(s)").contains("unknown account a-9")
                .contains("PaymentsConsumer, after 3 attempt(s)").containsPattern("correlationid\\s+c-42")
                .contains("{\"orderId\":\"o-1\"}");
        assertThat(depth(dlqUrl)).isEqualTo(1);
    }

    @Test
    void showExplainsAMessageTheRedrivePolicyMoved() throws Exception {
        sqs.sendMessage(r -> r.queueUrl(sourceUrl).messageBody("poison"));
        // maxReceiveCount 1: received once without a delete, the next receive moves it to the DLQ
        sqs.receiveMessage(r -> r.queueUrl(sourceUrl).waitTimeSeconds(1));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (depth(dlqUrl) == 0 && System.nanoTime() < deadline) {
            sqs.receiveMessage(r -> r.queueUrl(sourceUrl).waitTimeSeconds(0));
            Thread.sleep(50);
        }

        assertThat(ferry("dlq", "show", "payments", "--prefix", prefixOf(source))).isZero();

        assertThat(output()).contains("the queue's redrive policy moved it").contains("poison");
    }

    @Test
    void showRendersAStreamOnFailureRecordAsConditionAndBatch() {
        String failures = sqs.getQueueUrl(r -> r.queueName(prefixOf(source) + "stream-failures")).queueUrl();
        sqs.sendMessage(r -> r.queueUrl(failures).messageBody("""
                {"requestContext":{"requestId":"r-1","functionArn":"arn:aws:lambda:us-east-1:000000000000:function:dev-Audit",
                 "condition":"RetryAttemptsExhausted","approximateInvokeCount":3},
                 "responseContext":{"statusCode":200,"executedVersion":"$LATEST","functionError":"Unhandled"},
                 "version":"1.0","timestamp":"2026-11-30T10:00:00.000Z",
                 "KinesisBatchInfo":{"shardId":"shardId-000000000001","startSequenceNumber":"49","endSequenceNumber":"51",
                 "batchSize":3,"streamArn":"arn:aws:kinesis:us-east-1:000000000000:stream/dev-event-log"}}"""));

        assertThat(ferry("dlq", "show", prefixOf(source) + "stream-failures", "--prefix", prefixOf(source))).isZero();

        assertThat(output()).contains("RetryAttemptsExhausted (function dev-Audit, 3 invocation(s), error Unhandled)")
                .contains("3 record(s) of dev-event-log shard shardId-000000000001, sequence 49 .. 51")
                .contains("aws kinesis get-shard-iterator --stream-arn arn:aws:kinesis:us-east-1:000000000000:stream/dev-event-log"
                        + " --shard-id shardId-000000000001 --shard-iterator-type AT_SEQUENCE_NUMBER --starting-sequence-number 49")
                .contains("redrive with 'ferry dlq redrive " + prefixOf(source) + "stream-failures'");
    }

    @Test
    void showNamesTheStreamShardAndSequenceOfADynamoDbStreamFailure() {
        String failures = sqs.getQueueUrl(r -> r.queueName(prefixOf(source) + "stream-failures")).queueUrl();
        String streamArn = "arn:aws:dynamodb:us-east-1:000000000000:table/dev-orders/stream/2026-11-30T10:00:00.000";
        sqs.sendMessage(r -> r.queueUrl(failures).messageBody("""
                {"requestContext":{"requestId":"r-2","functionArn":"arn:aws:lambda:us-east-1:000000000000:function:dev-OrdersRelay",
                 "condition":"RetryAttemptsExhausted","approximateInvokeCount":4},
                 "responseContext":{"statusCode":200,"executedVersion":"$LATEST","functionError":"Unhandled"},
                 "version":"1.0","timestamp":"2026-11-30T10:00:00.000Z",
                 "DDBStreamBatchInfo":{"shardId":"shardId-00000001796112000001-0a1b2c3d","startSequenceNumber":"100000000000000000042",
                 "endSequenceNumber":"100000000000000000042","batchSize":1,"streamArn":"%s"}}""".formatted(streamArn)));

        assertThat(ferry("dlq", "show", prefixOf(source) + "stream-failures", "--prefix", prefixOf(source))).isZero();

        assertThat(output()).contains("RetryAttemptsExhausted (function dev-OrdersRelay, 4 invocation(s), error Unhandled)")
                .contains("1 record(s) of dev-orders/stream shard shardId-00000001796112000001-0a1b2c3d, sequence "
                        + "100000000000000000042 .. 100000000000000000042")
                .contains("aws dynamodbstreams get-shard-iterator --stream-arn " + streamArn
                        + " --shard-id shardId-00000001796112000001-0a1b2c3d --shard-iterator-type AT_SEQUENCE_NUMBER"
                        + " --sequence-number 100000000000000000042");
    }

    @Test
    void redriveMovesTheMessagesBackToTheirSourceQueue() throws Exception {
        sqs.sendMessage(r -> r.queueUrl(dlqUrl).messageBody("retry me"));

        assertThat(ferry("dlq", "redrive", source + "-dlq", "--prefix", prefixOf(source))).isZero();

        assertThat(output()).contains("redrive COMPLETED: 1 message(s) moved");
        assertThat(depth(dlqUrl)).isZero();
        assertThat(sqs.receiveMessage(r -> r.queueUrl(sourceUrl).waitTimeSeconds(2)).messages())
                .extracting(m -> m.body()).containsExactly("retry me");
    }

    @Test
    void redriveOfTheStreamFailureQueueNeedsAnUpThatRunsTheFunctionsAndLeavesTheRecordsWhereTheyAre() {
        String failures = prefixOf(source) + "stream-failures";
        String url = sqs.getQueueUrl(q -> q.queueName(failures)).queueUrl();
        sqs.sendMessage(r -> r.queueUrl(url).messageBody("{}"));

        assertThat(ferry("dlq", "redrive", failures, "--prefix", prefixOf(source))).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("publishes no Lambda endpoint (AWS_ENDPOINT_URL_LAMBDA")
                .contains("--data-plane-only");
        assertThat(depth(url)).isEqualTo(1);
    }

    @Test
    void anUnknownQueueNameListsTheDeadLetterQueues() {
        assertThat(ferry("dlq", "show", "nope", "--prefix", prefixOf(source))).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no dead-letter queue named 'nope'").contains(source + "-dlq");
    }

    @Test
    void withoutARunningUpOrAwsCredentialsTheUserIsToldToStartIt() throws Exception {
        java.nio.file.Files.delete(UpState.file(home));

        assertThat(ferry("dlq")).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no './ferry up' is running").contains("--aws");
    }

    @Test
    void argumentsAreChecked() {
        assertThat(ferry("dlq", "show")).isEqualTo(2);
        assertThat(ferry("dlq", "purge", "x")).isEqualTo(2);
        assertThat(ferry("dlq", "list", "--max", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'dlq show' needs one queue name")
                .contains("unknown dlq action 'purge'").contains("--max needs a number of at least 1");
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    private static long depth(String url) {
        return Long.parseLong(sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }
}
