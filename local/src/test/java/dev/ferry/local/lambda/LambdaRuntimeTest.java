package dev.ferry.local.lambda;

import static dev.ferry.local.lambda.testing.Functions.arn;
import static dev.ferry.local.lambda.testing.Functions.env;
import static dev.ferry.local.lambda.testing.Functions.function;
import static dev.ferry.local.lambda.testing.Functions.functionsOnly;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.local.deployment.FunctionSpec;
import dev.ferry.local.faults.FaultPlan;
import dev.ferry.local.lambda.testing.FunctionAssets;
import dev.ferry.local.lambda.testing.Functions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LambdaRuntimeTest {
    private static final Map<String, String> ENDPOINTS = Map.of("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:9324");

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private LambdaRuntime start(FunctionSpec... functions) {
        return LambdaRuntime.builder(functionsOnly(functions)).endpoints(ENDPOINTS).faults(FaultPlan.none())
                .settings(RuntimeSettings.defaults().withLog(new PrintStream(log, true, StandardCharsets.UTF_8))).start();
    }

    private static JsonNode json(InvokeResult r) throws Exception {
        assertThat(r).isInstanceOf(InvokeResult.Success.class);
        return Json.MAPPER.readTree(((InvokeResult.Success) r).payload());
    }

    @Test
    void handlerGetsItsEnvironmentContextAndEventThroughTheEnvironmentConstructor() throws Exception {
        Path code = FunctionAssets.directory(tmp, false);
        try (LambdaRuntime runtime = start(function("orders-api", "EchoHandler", code, env(tmp, "GREETING", "hello")))) {
            JsonNode out = json(runtime.invoke(arn("orders-api"), "{\"orderId\":\"o-1\",\"amount\":5}"));

            assertThat(out.get("input").get("orderId").asText()).isEqualTo("o-1");
            assertThat(out.get("input").get("amount").asInt()).isEqualTo(5);
            assertThat(out.get("greeting").asText()).isEqualTo("hello");
            assertThat(out.get("sqsEndpoint").asText()).isEqualTo("http://127.0.0.1:9324");
            assertThat(out.get("region").asText()).isEqualTo("us-east-1");
            assertThat(out.get("functionName").asText()).isEqualTo("orders-api");
            assertThat(out.get("functionVersion").asText()).isEqualTo("$LATEST");
            assertThat(out.get("invokedFunctionArn").asText()).isEqualTo(arn("orders-api"));
            assertThat(out.get("memory").asInt()).isEqualTo(256);
            assertThat(out.get("remaining").asInt()).isBetween(1, 3000);
            assertThat(out.get("logGroup").asText()).isEqualTo("/aws/lambda/orders-api");
            assertThat(out.get("logStream").asText()).matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST\\][0-9a-f]+");
            assertThat(out.get("requestId").asText()).hasSize(36);
            assertThat(out.get("classLoader").asText()).isEqualTo("function:orders-api");
            assertThat(out.get("seesRuntimeJackson").asBoolean()).as("the runtime's libraries are invisible").isFalse();
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("[orders-api] echo {orderId=o-1, amount=5}");
    }

    @Test
    void functionsOfOneClassHaveTheirOwnClassesStaticsAndEnvironments() throws Exception {
        Path code = FunctionAssets.jar(tmp);
        try (LambdaRuntime runtime = start(function("a", "EchoHandler", code, env(tmp, "GREETING", "from a")),
                function("b", "EchoHandler", code, env(tmp, "GREETING", "from b")))) {
            json(runtime.invoke(arn("a"), "{}"));
            JsonNode a2 = json(runtime.invoke(arn("a"), "{}"));
            JsonNode b1 = json(runtime.invoke(arn("b"), "{}"));

            assertThat(a2.get("staticInvocations").asInt()).isEqualTo(2);
            assertThat(b1.get("staticInvocations").asInt()).isEqualTo(1);
            assertThat(a2.get("greeting").asText()).isEqualTo("from a");
            assertThat(b1.get("greeting").asText()).isEqualTo("from b");
            assertThat(runtime.environmentOf(arn("b"))).containsEntry("GREETING", "from b").doesNotContainValue("from a");
        }
    }

    @Test
    void aJarThatBundlesTheCoreInterfacesStillGetsTheRuntimesContext() throws Exception {
        Path code = FunctionAssets.directory(tmp, true);
        try (LambdaRuntime runtime = start(function("bundled", "EchoHandler", code, env(tmp)))) {
            JsonNode out = json(runtime.invoke(arn("bundled"), "{}"));

            assertThat(out.get("contextLoader").asText()).isNotEqualTo("function:bundled");
        }
    }

    @Test
    void zipAssetsWithLibJarsAreUnpackedAndRun() throws Exception {
        Path code = FunctionAssets.zip(tmp);
        try (LambdaRuntime runtime = start(function("zipped", "UpperStreamHandler", code, env(tmp)))) {
            InvokeResult r = runtime.invoke(arn("zipped"), "\"quiet\"");

            assertThat(((InvokeResult.Success) r).payloadText()).isEqualTo("\"QUIET\"");
        }
    }

    @Test
    void methodHandlersChooseTheOverloadWithContextAndSupportStreams() throws Exception {
        Path code = FunctionAssets.jar(tmp);
        try (LambdaRuntime runtime = start(
                function("shout", Functions.FIXTURES + "MethodHandlers::shout", code, env(tmp)),
                function("reverse", Functions.FIXTURES + "MethodHandlers::reverse", code, env(tmp)))) {
            assertThat(((InvokeResult.Success) runtime.invoke(arn("shout"), "\"hi\"")).payloadText())
                    .isEqualTo("\"HI from shout\"");
            assertThat(((InvokeResult.Success) runtime.invoke(arn("reverse"), "abc")).payloadText()).isEqualTo("cba");
        }
    }

    @Test
    void aThrowingHandlerYieldsLambdasErrorDocument() throws Exception {
        Path code = FunctionAssets.jar(tmp);
        try (LambdaRuntime runtime = start(function("failing", "FailingHandler", code, env(tmp)))) {
            InvokeResult r = runtime.invoke(arn("failing"), "{\"orderId\":\"o-9\"}");

            assertThat(r).isInstanceOf(InvokeResult.FunctionError.class);
            InvokeResult.FunctionError e = (InvokeResult.FunctionError) r;
            assertThat(e.errorType()).isEqualTo("java.lang.IllegalArgumentException");
            assertThat(e.errorMessage()).isEqualTo("order o-9 is invalid");
            JsonNode doc = Json.MAPPER.readTree(e.payload());
            assertThat(doc.get("errorMessage").asText()).isEqualTo("order o-9 is invalid");
            assertThat(doc.get("stackTrace").get(0).asText()).startsWith("dev.ferry.local.lambda.fixtures.FailingHandler.handleRequest(");
        }
    }

    @Test
    void anEventThatDoesNotFitTheInputTypeFailsWithTheRuntimesParsingError() {
        Path code = FunctionAssets.jar(tmp);
        try (LambdaRuntime runtime = start(function("sleepy", "SleepyHandler", code, env(tmp)))) {
            InvokeResult r = runtime.invoke(arn("sleepy"), "{\"not\":\"a number\"}");

            assertThat(r).isInstanceOfSatisfying(InvokeResult.FunctionError.class, e -> {
                assertThat(e.errorType()).isEqualTo("java.lang.RuntimeException");
                assertThat(e.errorMessage()).isEqualTo("An error occurred during JSON parsing");
            });
        }
    }

    @Test
    void aSlowHandlerTimesOutWithLambdasMessageAndTheNextInvocationWorks() {
        Path code = FunctionAssets.jar(tmp);
        FunctionSpec slow = Functions.withTimeout(function("slow", "SleepyHandler", code, env(tmp)), Duration.ofMillis(300));
        try (LambdaRuntime runtime = start(slow)) {
            InvokeResult r = runtime.invoke(arn("slow"), "2000");

            assertThat(r).isInstanceOfSatisfying(InvokeResult.FunctionError.class, e -> {
                assertThat(e.errorType()).isEqualTo("Sandbox.Timedout");
                assertThat(e.errorMessage()).isEqualTo("RequestId: " + e.requestId() + " Error: Task timed out after 0.30 seconds");
            });
            assertThat(((InvokeResult.Success) runtime.invoke(arn("slow"), "10")).payloadText()).isEqualTo("\"slept 10\"");
        }
    }

    @Test
    void reservedConcurrencyOfZeroThrottlesEveryInvocation() {
        Path code = FunctionAssets.jar(tmp);
        try (LambdaRuntime runtime = start(Functions.withReserved(function("off", "SleepyHandler", code, env(tmp)), 0))) {
            InvokeResult r = runtime.invoke(arn("off"), "1");

            assertThat(r).isInstanceOfSatisfying(InvokeResult.Throttled.class, t -> {
                assertThat(t.reason()).isEqualTo("ReservedFunctionConcurrentInvocationLimitExceeded");
                assertThat(t.message()).isEqualTo("Rate Exceeded.");
            });
        }
    }

    @Test
    void invocationsBeyondReservedConcurrencyAreThrottled() throws Exception {
        Path code = FunctionAssets.jar(tmp);
        try (LambdaRuntime runtime = start(Functions.withReserved(function("one", "SleepyHandler", code, env(tmp)), 1))) {
            runtime.invoke(arn("one"), "1"); // warm: the first init is not part of the race
            CompletableFuture<InvokeResult> busy = CompletableFuture.supplyAsync(() -> runtime.invoke(arn("one"), "1500"));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(1))
                    .until(() -> runtime.functionStats().getFirst().invocations() == 2);
            InvokeResult second = runtime.invoke(arn("one"), "1");

            assertThat(second).isInstanceOf(InvokeResult.Throttled.class);
            assertThat(busy.get()).isInstanceOf(InvokeResult.Success.class);
            assertThat(runtime.invoke(arn("one"), "1")).isInstanceOf(InvokeResult.Success.class);
        }
    }

    @Test
    void anInitErrorIsReportedAsLambdaDoesOnEveryInvocation() {
        Path code = FunctionAssets.jar(tmp);
        try (LambdaRuntime runtime = start(function("broken", "BrokenInitHandler", code, env(tmp)),
                function("missing", "NoSuchHandler", code, env(tmp)))) {
            List<InvokeResult> results = new ArrayList<>();
            results.add(runtime.invoke(arn("broken"), "{}"));
            results.add(runtime.invoke(arn("broken"), "{}"));

            assertThat(results).allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(InvokeResult.FunctionError.class, e -> {
                assertThat(e.errorType()).isEqualTo("java.lang.IllegalStateException");
                assertThat(e.errorMessage()).isEqualTo("TABLE_NAME is not set");
            }));
            assertThat(runtime.invoke(arn("missing"), "{}")).isInstanceOfSatisfying(InvokeResult.FunctionError.class, e -> {
                assertThat(e.errorType()).isEqualTo("java.lang.ClassNotFoundException");
                assertThat(e.errorMessage()).isEqualTo("Class not found: dev.ferry.local.lambda.fixtures.NoSuchHandler");
            });
            assertThat(runtime.functionStats()).filteredOn(s -> s.functionName().equals("broken"))
                    .singleElement().satisfies(s -> assertThat(s.coldStarts()).isEqualTo(2));
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("[broken] INIT_REPORT Status: error");
    }

    @Test
    void unknownFunctionsAreRefusedWithTheDeploymentsFunctionNames() {
        Path code = FunctionAssets.jar(tmp);
        try (LambdaRuntime runtime = start(function("known", "SleepyHandler", code, env(tmp)))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> runtime.invoke(arn("unknown"), "1"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("known");
        }
    }

    @Test
    void anInvocationDuringABackgroundWarmUpWaitsForTheEnvironmentBeingInitialisedRatherThanMakeASecond() throws Exception {
        Path code = FunctionAssets.jar(tmp);
        try (LambdaRuntime runtime = start(function("slow", "SlowInitHandler", code, env(tmp, "INIT_MILLIS", "1500")))) {
            long began = System.nanoTime();
            CompletableFuture<Map<String, String>> warm = runtime.warmUpInBackground(2);
            // The warm-up has claimed the function's first environment once its cold start is counted.
            while (runtime.functionStats().getFirst().coldStarts() == 0) {
                Thread.sleep(5);
            }
            assertThat(warm).isNotDone();

            InvokeResult result = runtime.invoke(arn("slow"), "{}");

            assertThat(result).isInstanceOf(InvokeResult.Success.class);
            assertThat(((InvokeResult.Success) result).payloadText()).isEqualTo("\"first step, second step, instances 1\"");
            assertThat(Duration.ofNanos(System.nanoTime() - began)).as("waited for the init under way").isGreaterThan(Duration.ofMillis(1400));
            assertThat(warm.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEmpty();
            assertThat(runtime.functionStats().getFirst().coldStarts()).as("one environment, the warm-up's").isEqualTo(1);
        }
    }

    @Test
    void aBackgroundWarmUpLeavesAFunctionAlreadyInvokedAloneAndReportsTheBrokenOnes() throws Exception {
        Path code = FunctionAssets.jar(tmp);
        try (LambdaRuntime runtime = start(function("fine", "SleepyHandler", code, env(tmp)),
                function("broken", "BrokenInitHandler", code, env(tmp)))) {
            assertThat(runtime.invoke(arn("fine"), "1")).isInstanceOf(InvokeResult.Success.class);

            Map<String, String> failures = runtime.warmUpInBackground(1).get(30, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(failures).containsOnly(Map.entry("broken", "java.lang.IllegalStateException: TABLE_NAME is not set"));
            // The broken function fails its invocations with its init error, as on Lambda: each one tries again.
            assertThat(runtime.invoke(arn("broken"), "{}")).isInstanceOfSatisfying(InvokeResult.FunctionError.class,
                    e -> assertThat(e.errorMessage()).isEqualTo("TABLE_NAME is not set"));
            assertThat(runtime.functionStats()).filteredOn(s -> s.functionName().equals("fine"))
                    .singleElement().satisfies(s -> assertThat(s.coldStarts()).as("initialised by its invocation only").isEqualTo(1));
            assertThat(runtime.functionStats()).filteredOn(s -> s.functionName().equals("broken"))
                    .singleElement().satisfies(s -> assertThat(s.coldStarts()).isEqualTo(2));
        }
    }

    @Test
    void warmingUpInitialisesEveryFunctionAndReportsTheBrokenOnes() {
        Path code = FunctionAssets.jar(tmp);
        try (LambdaRuntime runtime = start(function("fine", "SleepyHandler", code, env(tmp)),
                function("broken", "BrokenInitHandler", code, env(tmp)))) {
            Map<String, String> failures = runtime.warmUp();

            assertThat(failures).containsOnlyKeys("broken");
            assertThat(failures.get("broken")).isEqualTo("java.lang.IllegalStateException: TABLE_NAME is not set");
            assertThat(runtime.invoke(arn("fine"), "1")).isInstanceOf(InvokeResult.Success.class);
            assertThat(runtime.functionStats()).filteredOn(s -> s.functionName().equals("fine"))
                    .singleElement().satisfies(s -> assertThat(s.coldStarts()).isEqualTo(1));
        }
    }
}
