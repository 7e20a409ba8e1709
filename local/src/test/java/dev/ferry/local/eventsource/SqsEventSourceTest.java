package dev.ferry.local.eventsource;

import static dev.ferry.local.lambda.testing.Functions.env;
import static dev.ferry.local.lambda.testing.Functions.function;
import static dev.ferry.local.lambda.testing.Functions.sqsMapping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.local.deployment.EventSourceMappingSpec;
import dev.ferry.local.deployment.FunctionSpec;
import dev.ferry.local.faults.FaultPlan;
import dev.ferry.local.lambda.LambdaRuntime;
import dev.ferry.local.lambda.RuntimeSettings;
import dev.ferry.local.lambda.testing.FunctionAssets;
import dev.ferry.local.lambda.testing.Functions;
import dev.ferry.local.lambda.testing.OutputFiles;
import dev.ferry.local.sqs.SqsService;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class SqsEventSourceTest {
    static SqsService sqsService;
    static SqsClient sqs;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startSqs() {
        sqsService = SqsService.start();
        sqs = SqsClient.builder().endpointOverride(sqsService.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterAll
    static void stopSqs() {
        sqs.close();
        sqsService.close();
    }

    record Queue(String url, String arn) {}

    static Queue queue(String name, Map<QueueAttributeName, String> attributes) {
        String url = sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return new Queue(url, arn);
    }

    static Queue queueWithDlq(String name, int maxReceiveCount) {
        Queue dlq = queue(name + "-dlq", Map.of());
        // Long enough for a first invocation's class loading on a busy machine: a batch that outlives its
        // visibility comes back, and the tests below count deliveries exactly.
        return queue(name, Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5", QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlq.arn() + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}"));
    }

    static List<String> drain(String queueUrl) {
        List<String> bodies = new ArrayList<>();
        sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages().forEach(m -> bodies.add(m.body()));
        return bodies;
    }

    static int visibleAndInFlight(String queueUrl) {
        var a = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private LambdaRuntime start(FunctionSpec f, EventSourceMappingSpec m) {
        return LambdaRuntime.builder(Functions.deployment(List.of(f), List.of(m), List.of(), List.of()))
                .endpoints(sqsService.endpoints()).faults(FaultPlan.none())
                .settings(RuntimeSettings.defaults().withAllDelays(Duration.ofMillis(50)).withSqsWaitTime(Duration.ofSeconds(1))
                        .withLog(new PrintStream(OutputStream.nullOutputStream())))
                .start();
    }

    private static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void partialBatchFailureDeletesOnlyTheSuccessesAndTheFailureEndsInTheDlq() {
        String n = name("partial");
        Queue q = queueWithDlq(n, 2);
        FunctionSpec f = function("recorder", "SqsRecorder", FunctionAssets.directory(tmp, false), env(tmp, "FAIL_MARKER", "fail"));
        for (String body : List.of("ok-1", "fail-2", "ok-3")) {
            sqs.sendMessage(b -> b.queueUrl(q.url()).messageBody(body));
        }
        try (LambdaRuntime runtime = start(f, sqsMapping("m", "recorder", q.arn(), 10, true, List.of()));
             MappingPollers mappings = MappingPollers.start(runtime, Optional.empty())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> visibleAndInFlight(q.url()) == 0);
        }
        List<String> processed = OutputFiles.linesStartingWith(tmp, "recorder", "msg|").stream()
                .map(l -> l.split("\\|")[1]).toList();
        assertThat(processed).filteredOn(b -> b.startsWith("ok")).containsExactlyInAnyOrder("ok-1", "ok-3");
        assertThat(processed).filteredOn(b -> b.startsWith("fail")).containsExactly("fail-2", "fail-2");
        assertThat(drain(sqs.getQueueUrl(b -> b.queueName(n + "-dlq")).queueUrl())).containsExactly("fail-2");
    }

    @Test
    void aPoisonMessageGoesToTheDlqAfterMaxReceiveCountWhileTheQueueKeepsFlowing() {
        String n = name("poison");
        Queue q = queueWithDlq(n, 2);
        FunctionSpec f = function("worker", "SqsRecorder", FunctionAssets.directory(tmp, false), env(tmp, "THROW_MARKER", "poison"));
        sqs.sendMessage(b -> b.queueUrl(q.url()).messageBody("poison-pill"));
        for (int i = 1; i <= 5; i++) {
            int k = i;
            sqs.sendMessage(b -> b.queueUrl(q.url()).messageBody("job-" + k));
        }
        try (LambdaRuntime runtime = start(f, sqsMapping("m", "worker", q.arn(), 1, false, List.of()));
             MappingPollers mappings = MappingPollers.start(runtime, Optional.empty())) {
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    OutputFiles.linesStartingWith(tmp, "worker", "msg|").size() >= 5);
            await().atMost(Duration.ofSeconds(60)).until(() -> visibleAndInFlight(q.url()) == 0);
        }
        assertThat(OutputFiles.linesStartingWith(tmp, "worker", "threw|")).containsExactly("threw|poison-pill|1", "threw|poison-pill|2");
        assertThat(drain(sqs.getQueueUrl(b -> b.queueName(n + "-dlq")).queueUrl())).containsExactly("poison-pill");
    }

    @Test
    void fifoMessagesOfAGroupArriveInOrderAndOneBatchPerGroupAtATime() {
        Queue q = queue(name("orders") + ".fifo", Map.of(QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"));
        FunctionSpec f = function("fifo", "SqsRecorder", FunctionAssets.directory(tmp, false), env(tmp, "PAUSE_MILLIS", "20"));
        for (int i = 1; i <= 6; i++) {
            for (String group : List.of("acct-a", "acct-b")) {
                int k = i;
                sqs.sendMessage(b -> b.queueUrl(q.url()).messageGroupId(group).messageBody(group + ":" + k));
            }
        }
        try (LambdaRuntime runtime = start(f, sqsMapping("m", "fifo", q.arn(), 3, false, List.of()));
             MappingPollers mappings = MappingPollers.start(runtime, Optional.empty())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> OutputFiles.linesStartingWith(tmp, "fifo", "msg|").size() == 12);
        }
        List<String[]> lines = OutputFiles.linesStartingWith(tmp, "fifo", "msg|").stream().map(l -> l.split("\\|")).toList();
        for (String group : List.of("acct-a", "acct-b")) {
            assertThat(lines.stream().filter(l -> l[3].equals(group)).map(l -> l[1]).toList())
                    .containsExactly(group + ":1", group + ":2", group + ":3", group + ":4", group + ":5", group + ":6");
        }
    }

    @Test
    void messagesNoFilterMatchesAreDeletedWithoutInvokingAndTheEventHasTheSqsShape() {
        // Long enough that a slow first invocation on a busy machine is not redelivered: the test counts deliveries.
        Queue q = queue(name("filtered"), Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30"));
        FunctionSpec f = function("placed", "SqsRecorder", FunctionAssets.directory(tmp, false), env(tmp));
        sqs.sendMessage(b -> b.queueUrl(q.url()).messageBody("{\"type\":\"OrderPlaced\",\"amount\":120}")
                .messageAttributes(Map.of("kind", MessageAttributeValue.builder().dataType("String").stringValue("domain").build())));
        sqs.sendMessage(b -> b.queueUrl(q.url()).messageBody("{\"type\":\"OrderPlaced\",\"amount\":5}"));
        sqs.sendMessage(b -> b.queueUrl(q.url()).messageBody("{\"type\":\"AccountOpened\"}"));
        sqs.sendMessage(b -> b.queueUrl(q.url()).messageBody("plain text"));
        String pattern = "{\"body\":{\"type\":[\"OrderPlaced\"],\"amount\":[{\"numeric\":[\">\",100]}]}}";
        try (LambdaRuntime runtime = start(f, sqsMapping("m", "placed", q.arn(), 10, false, List.of(pattern)));
             MappingPollers mappings = MappingPollers.start(runtime, Optional.empty())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> visibleAndInFlight(q.url()) == 0);
            assertThat(mappings.stats().getFirst().filteredOut()).isEqualTo(3);
        }
        List<String> lines = OutputFiles.linesStartingWith(tmp, "placed", "msg|");
        assertThat(lines).hasSize(1);
        String[] l = lines.getFirst().split("\\|");
        assertThat(l[1]).isEqualTo("{\"type\":\"OrderPlaced\",\"amount\":120}");
        assertThat(l[2]).isEqualTo("1");
        assertThat(l[4]).isEqualTo("domain");
        assertThat(l[5]).isEqualTo("aws:sqs");
        assertThat(l[6]).isEqualTo(q.arn());
        assertThat(l[7]).isEqualTo("us-east-1");
        assertThat(l[8]).hasSize(32);
    }

    @Test
    void theBatchingWindowGathersMessagesThatArriveWithinIt() throws Exception {
        Queue q = queue(name("windowed"), Map.of());
        FunctionSpec f = function("gatherer", "SqsRecorder", FunctionAssets.directory(tmp, false), env(tmp));
        EventSourceMappingSpec plain = sqsMapping("m", "gatherer", q.arn(), 5, false, List.of());
        EventSourceMappingSpec windowed = new EventSourceMappingSpec(plain.logicalId(), plain.functionArn(), plain.eventSourceArn(),
                plain.kind(), true, 5, Duration.ofSeconds(2), false, List.of(), plain.startingPosition(),
                plain.startingPositionTimestamp(), false, plain.maximumRetryAttempts(), plain.maximumRecordAge(),
                plain.onFailureDestinationArn(), 1, java.util.OptionalInt.of(1));
        try (LambdaRuntime runtime = start(f, windowed);
             MappingPollers mappings = MappingPollers.start(runtime, Optional.empty())) {
            for (int i = 1; i <= 5; i++) {
                int k = i;
                sqs.sendMessage(b -> b.queueUrl(q.url()).messageBody("part-" + k));
                Thread.sleep(150);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> OutputFiles.linesStartingWith(tmp, "gatherer", "msg|").size() == 5);
        }
        assertThat(OutputFiles.linesStartingWith(tmp, "gatherer", "batch|")).containsExactly("batch|5");
    }
}
