package dev.ferry.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.lambda.testing.FunctionAssets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several {@code ferry up}s of one checkout side by side ({@code --name}), on a small app with a REST API (one
 * function behind {@code GET /echo}) and a queue: each its own state file, one name at a time, and {@code --port}
 * pinning every port, the API's included.
 */
class NamedInstancesTest {
    @TempDir
    Path home;

    /** One {@code up} running in this JVM, stopped by counting its latch down. */
    private final class Up {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final CountDownLatch stop = new CountDownLatch(1);
        final CompletableFuture<Integer> exit;

        Up(String... args) {
            FerryCli cli = new FerryCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                    stop, home, Map.of());
            // A thread of its own: the common pool may have a single thread on a small machine.
            exit = CompletableFuture.supplyAsync(() -> cli.run(args), command -> Thread.ofPlatform().daemon().start(command));
        }

        Up awaitReady() throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!out().contains("\nready") && !exit.isDone() && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(out()).as(err()).contains("\nready");
            return this;
        }

        int stop() throws Exception {
            stop.countDown();
            return exit.get(30, TimeUnit.SECONDS);
        }

        String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        String err() {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    private void writeApp() throws Exception {
        Path assembly = Files.createDirectories(home.resolve("cdk.out"));
        Path asset = FunctionAssets.directory(assembly, false);
        Files.writeString(assembly.resolve("Echo.template.json"), """
                {"Resources": {
                  "Queue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "test-echoes"}},
                  "EchoRole": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Statement": [
                    {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}}]}}},
                  "Echo": {"Type": "AWS::Lambda::Function", "Properties": {
                    "Code": {"S3Bucket": {"Fn::Sub": "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}"}, "S3Key": "echo.zip"},
                    "Handler": "dev.ferry.local.lambda.fixtures.ApiEchoHandler", "Runtime": "java21", "FunctionName": "test-Echo",
                    "Role": {"Fn::GetAtt": ["EchoRole", "Arn"]}},
                    "Metadata": {"aws:asset:path": "%s", "aws:asset:property": "Code"}},
                  "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "test-api"}},
                  "ApiEcho": {"Type": "AWS::ApiGateway::Resource", "Properties": {"ParentId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
                    "PathPart": "echo", "RestApiId": {"Ref": "Api"}}},
                  "ApiEchoGet": {"Type": "AWS::ApiGateway::Method", "Properties": {"AuthorizationType": "NONE", "HttpMethod": "GET",
                    "Integration": {"IntegrationHttpMethod": "POST", "Type": "AWS_PROXY", "Uri": {"Fn::Join": ["", ["arn:",
                      {"Ref": "AWS::Partition"}, ":apigateway:", {"Ref": "AWS::Region"}, ":lambda:path/2015-03-31/functions/",
                      {"Fn::GetAtt": ["Echo", "Arn"]}, "/invocations"]]}},
                    "ResourceId": {"Ref": "ApiEcho"}, "RestApiId": {"Ref": "Api"}}},
                  "ApiDeployment": {"Type": "AWS::ApiGateway::Deployment", "Properties": {"RestApiId": {"Ref": "Api"}},
                    "DependsOn": ["ApiEchoGet"]},
                  "ApiStage": {"Type": "AWS::ApiGateway::Stage", "Properties": {"DeploymentId": {"Ref": "ApiDeployment"},
                    "RestApiId": {"Ref": "Api"}, "StageName": "dev"}}}}""".formatted(asset.getFileName()));
        Files.writeString(assembly.resolve("manifest.json"), """
                {"version": "48.0.0", "artifacts": {"Echo": {"type": "aws:cloudformation:stack",
                 "environment": "aws://unknown-account/unknown-region", "properties": {"templateFile": "Echo.template.json"}}}}""");
    }

    /** N such that N to N+8 are free now. */
    private static int freeSpan() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int n = 20_000 + ThreadLocalRandom.current().nextInt(20_000);
            boolean free = true;
            for (int p = n; p < n + Ports.SPAN && free; p++) free = Ports.isFree(p);
            if (free) return n;
        }
        throw new IllegalStateException("no 8 free ports in a row");
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void twoNamedUpsRunSideBySideAndStoppingOneLeavesTheOthersStateAlone() throws Exception {
        writeApp();
        int n = freeSpan();
        Up a = new Up("up", "--name", "a", "--port", Integer.toString(n)).awaitReady();
        Up b = new Up("up", "--name", "b").awaitReady();
        try {
            assertThat(a.out()).contains("API        http://127.0.0.1:" + (n + 7) + "/dev")
                    .contains("stats      http://127.0.0.1:" + (n + 6) + "/stats")
                    .contains("export AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:" + n)
                    .contains("export AWS_ENDPOINT_URL_LAMBDA=http://127.0.0.1:" + (n + 4));
            assertThat(get(URI.create("http://127.0.0.1:" + (n + 7) + "/dev/echo")).statusCode()).isEqualTo(200);
            assertThat(UpState.file(home, "a")).exists();
            assertThat(UpState.file(home, "b")).exists();
            assertThat(UpState.readLive(UpState.file(home, "b")).orElseThrow().apiUrl().orElseThrow().getPort()).isNotEqualTo(n + 7);
            assertThat(Instance.runningNames(home)).containsExactly("a", "b");

            assertThat(b.stop()).isZero();

            assertThat(UpState.file(home, "b")).doesNotExist();
            assertThat(UpState.readLive(UpState.file(home, "a"))).as("a's state, after b stopped").isPresent();
            assertThat(get(URI.create("http://127.0.0.1:" + (n + 7) + "/dev/echo")).statusCode()).isEqualTo(200);
            assertThat(b.err()).contains("ferry: stopped 'b'");
        } finally {
            b.stop();
            assertThat(a.stop()).isZero();
        }
        assertThat(UpState.file(home, "a")).doesNotExist();
    }

    @Test
    void aSecondUpOfTheSameNameRefusesToStartAndLeavesTheFirstOneAlone() throws Exception {
        writeApp();
        Up first = new Up("up", "--name", "a").awaitReady();
        try {
            UpState before = UpState.readLive(UpState.file(home, "a")).orElseThrow();

            Up second = new Up("up", "--name", "a");

            assertThat(second.exit.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(second.err()).contains("ferry: './ferry up --name a' is already running (pid " + before.pid())
                    .contains("stop it with './ferry down --name a', or start another one beside it with './ferry up --name <other name>'");
            assertThat(UpState.readLive(UpState.file(home, "a"))).contains(before);
        } finally {
            assertThat(first.stop()).isZero();
        }
    }

    @Test
    void aBusyPinnedPortIsNamedBeforeAnythingStarts() throws Exception {
        writeApp();
        int n = freeSpan();
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), n + 7));
            Up up = new Up("up", "--port", Integer.toString(n));

            assertThat(up.exit.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            // The span was free a moment ago; another test's server may have taken one of its ports since, and the
            // line would name that one beside the REST API's.
            assertThat(up.err()).startsWith("ferry: port").contains((n + 7) + " (the REST API)")
                    .contains(" already in use: pick another --port N (it uses N to N+8, here " + n + " to " + (n + 8) + "), stop what holds ")
                    .endsWith(", or leave --port out to get free ports" + System.lineSeparator())
                    .hasLineCount(1);
        }
    }

    @Test
    void aPortHeldByAnotherUpOfTheCheckoutIsSaidToBeItsPort() throws Exception {
        writeApp();
        int n = freeSpan();
        Up a = new Up("up", "--name", "a", "--port", Integer.toString(n)).awaitReady();
        try {
            Up b = new Up("up", "--name", "b", "--port", Integer.toString(n + 1));

            assertThat(b.exit.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(b.err()).contains("ports " + (n + 1) + " (DynamoDB), held by './ferry up --name a' (pid")
                    .contains((n + 7) + " (the statistics), held by './ferry up --name a'").doesNotContain("Exception").doesNotContain("\tat ");
        } finally {
            a.stop();
        }
    }
}
