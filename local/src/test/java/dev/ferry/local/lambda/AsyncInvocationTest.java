package dev.ferry.local.lambda;

import static dev.ferry.local.lambda.testing.Functions.arn;
import static dev.ferry.local.lambda.testing.Functions.env;
import static dev.ferry.local.lambda.testing.Functions.function;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.local.deployment.AsyncInvokeConfig;
import dev.ferry.local.deployment.FunctionSpec;
import dev.ferry.local.deployment.SnsLambdaSubscription;
import dev.ferry.local.faults.FaultPlan;
import dev.ferry.local.lambda.testing.FunctionAssets;
import dev.ferry.local.lambda.testing.Functions;
import dev.ferry.local.lambda.testing.OutputFiles;
import dev.ferry.local.sns.SnsService;
import dev.ferry.local.sqs.SqsService;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class AsyncInvocationTest {
    static SqsService sqsService;
    static SnsService snsService;
    static SqsClient sqs;
    static SnsClient sns;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        sqsService = SqsService.start();
        snsService = SnsService.start(sqsService.endpoint(), "us-east-1");
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"));
        sqs = SqsClient.builder().endpointOverride(sqsService.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(creds).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        sns = SnsClient.builder().endpointOverride(snsService.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(creds).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterAll
    static void stop() {
        sqs.close();
        sns.close();
        snsService.close();
        sqsService.close();
    }

    record Queue(String url, String arn) {}

    static Queue queue(String prefix) {
        String url = sqs.createQueue(b -> b.queueName(prefix + "-" + UUID.randomUUID().toString().substring(0, 8))).queueUrl();
        return new Queue(url, sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN));
    }

    static List<JsonNode> records(Queue q, int expected) {
        List<Message> got = new java.util.ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            got.addAll(sqs.receiveMessage(b -> b.queueUrl(q.url()).maxNumberOfMessages(10).waitTimeSeconds(1)).messages());
            return got.size() >= expected;
        });
        return got.stream().map(m -> {
            try {
                return Json.MAPPER.readTree(m.body());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    private LambdaRuntime start(List<FunctionSpec> functions, List<SnsLambdaSubscription> subscriptions) {
        Map<String, String> endpoints = new HashMap<>(sqsService.endpoints());
        endpoints.putAll(snsService.endpoints());
        return LambdaRuntime.builder(Functions.deployment(functions, List.of(), subscriptions, List.of()))
                .endpoints(endpoints).sns(snsService).faults(FaultPlan.none())
                .settings(RuntimeSettings.defaults().withAllDelays(Duration.ofMillis(50))
                        .withLog(new PrintStream(OutputStream.nullOutputStream())))
                .start();
    }

    @Test
    void aFailingAsyncEventIsRetriedThenSentToTheOnFailureDestinationAsLambdasRecord() throws Exception {
        Queue failures = queue("async-failures");
        FunctionSpec f = Functions.withAsync(function("payments", "FailingHandler", FunctionAssets.jar(tmp), env(tmp)),
                new AsyncInvokeConfig(1, Duration.ofHours(6), Optional.empty(), Optional.of(failures.arn())));
        try (LambdaRuntime runtime = start(List.of(f), List.of())) {
            String requestId = runtime.invokeAsync(arn("payments"), "{\"orderId\":\"o-5\"}");
            JsonNode record = records(failures, 1).getFirst();

            assertThat(OutputFiles.lines(tmp, "payments")).containsExactly("attempt " + requestId, "attempt " + requestId);
            assertThat(record.get("version").asText()).isEqualTo("1.0");
            assertThat(record.get("timestamp").asText()).endsWith("Z");
            assertThat(record.at("/requestContext/requestId").asText()).isEqualTo(requestId);
            assertThat(record.at("/requestContext/functionArn").asText()).isEqualTo(arn("payments") + ":$LATEST");
            assertThat(record.at("/requestContext/condition").asText()).isEqualTo("RetriesExhausted");
            assertThat(record.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(2);
            assertThat(record.at("/requestPayload/orderId").asText()).isEqualTo("o-5");
            assertThat(record.at("/responseContext/statusCode").asInt()).isEqualTo(200);
            assertThat(record.at("/responseContext/executedVersion").asText()).isEqualTo("$LATEST");
            assertThat(record.at("/responseContext/functionError").asText()).isEqualTo("Unhandled");
            assertThat(record.at("/responsePayload/errorType").asText()).isEqualTo("java.lang.IllegalArgumentException");
            assertThat(record.at("/responsePayload/errorMessage").asText()).isEqualTo("order o-5 is invalid");
        }
    }

    @Test
    void aSuccessfulAsyncEventGoesToTheOnSuccessDestinationAndOldEventsExpire() throws Exception {
        Queue successes = queue("async-successes");
        Queue expired = queue("async-expired");
        FunctionSpec ok = Functions.withAsync(function("mailer", "EchoHandler", FunctionAssets.jar(tmp), env(tmp, "GREETING", "hi")),
                new AsyncInvokeConfig(2, Duration.ofHours(1), Optional.of(successes.arn()), Optional.empty()));
        FunctionSpec failing = Functions.withAsync(function("stale", "FailingHandler", FunctionAssets.jar(tmp), env(tmp)),
                new AsyncInvokeConfig(2, Duration.ofMillis(1), Optional.empty(), Optional.of(expired.arn())));
        try (LambdaRuntime runtime = start(List.of(ok, failing), List.of())) {
            runtime.invokeAsync(arn("mailer"), "{\"to\":\"ann@example.com\"}");
            runtime.invokeAsync(arn("stale"), "{\"orderId\":\"o-6\"}");

            JsonNode success = records(successes, 1).getFirst();
            assertThat(success.at("/requestContext/condition").asText()).isEqualTo("Success");
            assertThat(success.at("/responseContext/statusCode").asInt()).isEqualTo(200);
            assertThat(success.at("/responseContext/functionError").isMissingNode()).isTrue();
            assertThat(success.at("/responsePayload/greeting").asText()).isEqualTo("hi");
            JsonNode tooOld = records(expired, 1).getFirst();
            assertThat(tooOld.at("/requestContext/condition").asText()).isEqualTo("EventAgeExceeded");
            assertThat(runtime.awaitAsyncIdle(Duration.ofSeconds(2))).isTrue();
        }
    }

    @Test
    void asyncPayloadsUpToOneMegabyteAreAcceptedAsLambdasInvokeApiDocuments() throws Exception {
        FunctionSpec f = function("bulk", "EchoHandler", FunctionAssets.jar(tmp), env(tmp));
        try (LambdaRuntime runtime = start(List.of(f), List.of())) {
            // Above the former 256 KB limit: a maximum-size SNS message in its Lambda envelope is about this big.
            runtime.invokeAsync(arn("bulk"), "{\"blob\":\"" + "x".repeat(600_000) + "\"}");

            assertThat(runtime.awaitAsyncIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(runtime.functionStats()).singleElement().satisfies(s -> {
                assertThat(s.invocations()).isEqualTo(1);
                assertThat(s.errors()).isZero();
            });
            String tooBig = "{\"blob\":\"" + "x".repeat(1024 * 1024) + "\"}";
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> runtime.invokeAsync(arn("bulk"), tooBig))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1048576 bytes");
        }
    }

    @Test
    void snsDeliversToSubscribedFunctionsAsynchronouslyWithRetriesAndOnFailureDestination() throws Exception {
        Queue failures = queue("sns-failures");
        String topicArn = sns.createTopic(b -> b.name("telemetry-" + UUID.randomUUID().toString().substring(0, 8))).topicArn();
        FunctionSpec f = Functions.withAsync(function("telemetry", "SnsRecorder", FunctionAssets.directory(tmp, false),
                        env(tmp, "THROW_MARKER", "bad")),
                new AsyncInvokeConfig(1, Duration.ofHours(6), Optional.empty(), Optional.of(failures.arn())));
        String subscriptionArn = sns.subscribe(b -> b.topicArn(topicArn).protocol("lambda").endpoint(arn("telemetry")))
                .subscriptionArn();
        try (LambdaRuntime runtime = start(List.of(f), List.of(new SnsLambdaSubscription(subscriptionArn, topicArn, arn("telemetry"))))) {
            sns.publish(b -> b.topicArn(topicArn).message("page-viewed")
                    .messageAttributes(Map.of("type", MessageAttributeValue.builder().dataType("String").stringValue("PageViewed").build())));
            sns.publish(b -> b.topicArn(topicArn).message("bad-event"));

            JsonNode record = records(failures, 1).getFirst();
            assertThat(record.at("/requestContext/condition").asText()).isEqualTo("RetriesExhausted");
            assertThat(record.at("/requestPayload/Records/0/Sns/Message").asText()).isEqualTo("bad-event");
            assertThat(record.at("/requestPayload/Records/0/EventSource").asText()).isEqualTo("aws:sns");
            await().atMost(Duration.ofSeconds(5)).until(() -> runtime.pendingAsyncInvocations() == 0);
        }
        List<String[]> lines = OutputFiles.linesStartingWith(tmp, "telemetry", "sns|").stream().map(l -> l.split("\\|")).toList();
        assertThat(lines.stream().filter(l -> l[1].equals("page-viewed"))).singleElement()
                .satisfies(l -> assertThat(l[2]).isEqualTo(topicArn)).satisfies(l -> assertThat(l[3]).isEqualTo("PageViewed"));
        assertThat(lines.stream().filter(l -> l[1].equals("bad-event")).map(l -> l[4]).distinct()).hasSize(1);
        assertThat(lines.stream().filter(l -> l[1].equals("bad-event"))).hasSize(2);
    }
}
