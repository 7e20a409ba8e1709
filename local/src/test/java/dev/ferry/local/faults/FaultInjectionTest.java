package dev.ferry.local.faults;

import static dev.ferry.local.lambda.testing.Functions.arn;
import static dev.ferry.local.lambda.testing.Functions.env;
import static dev.ferry.local.lambda.testing.Functions.function;
import static dev.ferry.local.lambda.testing.Functions.sqsMapping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.local.deployment.FunctionSpec;
import dev.ferry.local.eventsource.MappingPollers;
import dev.ferry.local.lambda.InvocationSource;
import dev.ferry.local.lambda.InvokeResult;
import dev.ferry.local.lambda.LambdaRuntime;
import dev.ferry.local.lambda.RuntimeSettings;
import dev.ferry.local.lambda.testing.FunctionAssets;
import dev.ferry.local.lambda.testing.Functions;
import dev.ferry.local.lambda.testing.OutputFiles;
import dev.ferry.local.sqs.SqsService;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class FaultInjectionTest {
    static SqsService sqsService;
    static SqsClient sqs;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        sqsService = SqsService.start();
        sqs = SqsClient.builder().endpointOverride(sqsService.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterAll
    static void stop() {
        sqs.close();
        sqsService.close();
    }

    private LambdaRuntime start(FaultPlan plan, List<FunctionSpec> functions, List<dev.ferry.local.deployment.EventSourceMappingSpec> mappings) {
        return LambdaRuntime.builder(Functions.deployment(functions, mappings, List.of(), List.of()))
                .endpoints(sqsService.endpoints()).faults(plan)
                .settings(RuntimeSettings.defaults().withAllDelays(Duration.ofMillis(50)).withSqsWaitTime(Duration.ofSeconds(1))
                        .withLog(new PrintStream(OutputStream.nullOutputStream())))
                .start();
    }

    private static String[] queueWithDlq(String name) {
        String dlqUrl = sqs.createQueue(b -> b.queueName(name + "-dlq")).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String url = sqs.createQueue(b -> b.queueName(name).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1",
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"2\"}"))).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return new String[]{url, arn, dlqUrl};
    }

    @Test
    void duplicateDeliveriesGiveTheFunctionEveryBatchTwice() {
        String[] q = queueWithDlq("dup-" + UUID.randomUUID().toString().substring(0, 8));
        for (int i = 1; i <= 3; i++) {
            int k = i;
            sqs.sendMessage(b -> b.queueUrl(q[0]).messageBody("deposit-" + k));
        }
        FunctionSpec f = function("ledger", "SqsRecorder", FunctionAssets.directory(tmp, false), env(tmp));
        try (LambdaRuntime runtime = start(FaultPlan.parse("duplicate:1,seed:1"), List.of(f),
                List.of(sqsMapping("m", "ledger", q[1], 1, false, List.of())));
             MappingPollers mappings = MappingPollers.start(runtime, Optional.empty())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> OutputFiles.linesStartingWith(tmp, "ledger", "msg|").size() == 6);
            await().atMost(Duration.ofSeconds(5)).until(() -> sqs.getQueueAttributes(b -> b.queueUrl(q[0])
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes()
                    .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE).equals("0"));
            assertThat(runtime.faultCounters().duplicates()).isEqualTo(3);
        }
        List<String> bodies = OutputFiles.linesStartingWith(tmp, "ledger", "msg|").stream().map(l -> l.split("\\|")[1]).toList();
        assertThat(bodies).containsExactlyInAnyOrder("deposit-1", "deposit-1", "deposit-2", "deposit-2", "deposit-3", "deposit-3");
    }

    @Test
    void aCrashAfterTheHandlerKeepsTheSideEffectButTheSourceRetries() {
        String name = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        String[] q = queueWithDlq(name);
        sqs.sendMessage(b -> b.queueUrl(q[0]).messageBody("charge-card"));
        FunctionSpec f = function("charger", "SqsRecorder", FunctionAssets.directory(tmp, false), env(tmp));
        try (LambdaRuntime runtime = start(FaultPlan.parse("crash-after:1"), List.of(f),
                List.of(sqsMapping("m", "charger", q[1], 1, false, List.of())));
             MappingPollers mappings = MappingPollers.start(runtime, Optional.empty())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !sqs.receiveMessage(b -> b.queueUrl(q[2]).waitTimeSeconds(1))
                    .messages().isEmpty());
            assertThat(runtime.faultCounters().crashesAfter()).isEqualTo(2);
        }
        assertThat(OutputFiles.linesStartingWith(tmp, "charger", "msg|")).hasSize(2);
    }

    @Test
    void crashesBeforeAndThrottlesHitEventDrivenInvocationsOnly() {
        FunctionSpec f = function("echo", "EchoHandler", FunctionAssets.jar(tmp), env(tmp));
        byte[] event = "{}".getBytes(StandardCharsets.UTF_8);
        try (LambdaRuntime before = start(FaultPlan.parse("crash-before:1"), List.of(f), List.of())) {
            assertThat(before.invoke(arn("echo"), event, InvocationSource.ASYNC))
                    .isInstanceOfSatisfying(InvokeResult.FunctionError.class, e -> {
                        assertThat(e.errorType()).isEqualTo("Runtime.ExitError");
                        assertThat(e.errorMessage()).contains("crashed before the handler ran");
                    });
            assertThat(before.invoke(arn("echo"), "{}")).isInstanceOf(InvokeResult.Success.class);
            assertThat(before.functionStats().getFirst().invocations()).isEqualTo(2);
        }
        try (LambdaRuntime throttled = start(FaultPlan.parse("throttle:1"), List.of(f), List.of())) {
            assertThat(throttled.invoke(arn("echo"), event, InvocationSource.EVENT_SOURCE_MAPPING))
                    .isInstanceOfSatisfying(InvokeResult.Throttled.class, t -> assertThat(t.message()).isEqualTo("Rate Exceeded."));
            assertThat(throttled.invoke(arn("echo"), "{}")).isInstanceOf(InvokeResult.Success.class);
            assertThat(throttled.faultCounters().throttles()).isEqualTo(1);
        }
    }
}
