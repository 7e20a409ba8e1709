package dev.ferry.local.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.local.faults.FaultPlan;
import dev.ferry.local.faults.outage.Outage;
import dev.ferry.local.faults.outage.OutageService;
import dev.ferry.local.faults.outage.Outages;
import dev.ferry.local.lambda.InvokeResult;
import dev.ferry.local.lambda.testing.FunctionAssets;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The whole local system, from a small cloud assembly (a topic fanning out to a queue, two functions that
 * publish to it), started with {@code outage-switch:sns}: an outage of SNS for one function fails that
 * function's publish while the other publishes on, and once it ends the first publishes again and every
 * accepted message reaches the subscribed queue.
 */
class LocalSystemOutageTest {
    private static final String RELAY = "outage-relay";
    private static final String API = "outage-api";
    private static final String ACCOUNT_PREFIX = "arn:aws:lambda:us-east-1:000000000000:function:";

    @TempDir
    static Path home;
    private static LocalSystem system;
    private static SqsClient sqs;

    @BeforeAll
    static void start() throws IOException {
        Path assembly = Files.createDirectories(home.resolve("cdk.out"));
        String code = assembly.relativize(FunctionAssets.directory(assembly, false)).toString();
        Files.writeString(assembly.resolve("outage.template.json"), template(code));
        Files.writeString(assembly.resolve("manifest.json"), """
                {"version": "48.0.0", "artifacts": {"outage": {"type": "aws:cloudformation:stack",
                 "environment": "aws://unknown-account/unknown-region", "properties": {"templateFile": "outage.template.json"}}}}""");
        system = LocalSystem.start(LocalSystem.Options.of(assembly).withFaults(FaultPlan.parse("outage-switch:sns")));
        Map<String, String> env = system.environment();
        sqs = SqsClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create(env.get("AWS_ENDPOINT_URL_SQS")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    private static String template(String codePath) {
        String function = """
                {"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": "%s",
                  "Handler": "dev.ferry.local.lambda.fixtures.SnsPublisher", "Runtime": "java21", "Timeout": 30,
                  "Code": {"S3Bucket": "b", "S3Key": "fixtures"},
                  "Environment": {"Variables": {"TOPIC_ARN": {"Ref": "Topic"}}}},
                 "Metadata": {"aws:asset:path": "%s", "aws:asset:property": "Code"}}""";
        return """
                {"Resources": {
                  "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "outage-events"}},
                  "Inbox": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "outage-inbox"}},
                  "ToInbox": {"Type": "AWS::SNS::Subscription", "Properties": {"Protocol": "sqs", "RawMessageDelivery": true,
                    "TopicArn": {"Ref": "Topic"}, "Endpoint": {"Fn::GetAtt": ["Inbox", "Arn"]}}},
                  "Relay": %s,
                  "Api": %s}}""".formatted(function.formatted(RELAY, codePath), function.formatted(API, codePath));
    }

    @AfterAll
    static void stop() {
        if (sqs != null) {
            sqs.close();
        }
        if (system != null) {
            system.close();
        }
    }

    private static InvokeResult publish(String function, String message) {
        return system.runtime().invoke(ACCOUNT_PREFIX + function, "{\"message\":\"" + message + "\"}");
    }

    @Test
    void anSnsOutageOfOneFunctionFailsItsPublishesOnlyAndWhenItEndsEveryAcceptedMessageIsDelivered() {
        String queueUrl = sqs.getQueueUrl(b -> b.queueName("outage-inbox")).queueUrl();

        try (Outages.Running outage = system.faults().startOutage(Outage.of(OutageService.SNS).onlyFor(RELAY))) {
            assertThat(system.faults().activeOutages()).containsExactly(outage.outage());
            assertThat(publish(RELAY, "during")).isInstanceOfSatisfying(InvokeResult.FunctionError.class,
                    e -> assertThat(e.errorMessage()).isEqualTo("SNS answered 503 ServiceUnavailable"));
            assertThat(publish(API, "unaffected")).isInstanceOf(InvokeResult.Success.class);
        }
        assertThat(publish(RELAY, "after")).isInstanceOf(InvokeResult.Success.class);

        List<String> delivered = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1).maxNumberOfMessages(10)).messages()
                    .stream().map(Message::body).forEach(delivered::add);
            return delivered.size() >= 2;
        });
        assertThat(delivered).containsExactlyInAnyOrder("unaffected", "after");
        assertThat(system.faults().outageCounters().failedRequests(RELAY, OutageService.SNS)).isEqualTo(1);
        assertThat(system.faults().outageCounters().forwardedRequests(RELAY, OutageService.SNS)).isEqualTo(1);
        assertThat(system.faults().outageCounters().failedRequests(API)).isZero();
    }

    @Test
    void onlyTheRoutedServiceOfEachFunctionGoesThroughItsOwnProxy() {
        Map<String, String> relay = system.runtime().environmentOf(ACCOUNT_PREFIX + RELAY);
        Map<String, String> api = system.runtime().environmentOf(ACCOUNT_PREFIX + API);
        Map<String, String> direct = system.environment();

        assertThat(relay.get("AWS_ENDPOINT_URL_SNS")).isNotEqualTo(direct.get("AWS_ENDPOINT_URL_SNS"))
                .isNotEqualTo(api.get("AWS_ENDPOINT_URL_SNS"));
        for (String service : List.of("AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_KINESIS", "AWS_ENDPOINT_URL_DYNAMODB")) {
            assertThat(relay.get(service)).isEqualTo(direct.get(service));
        }
        assertThat(system.runtime().summary()).contains("outages  [sns] switchable through proxies");
    }
}
