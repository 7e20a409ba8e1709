package dev.ferry.local.lambda;

import static dev.ferry.local.lambda.testing.Functions.arn;
import static dev.ferry.local.lambda.testing.Functions.env;
import static dev.ferry.local.lambda.testing.Functions.function;
import static dev.ferry.local.lambda.testing.Functions.functionsOnly;
import static dev.ferry.local.lambda.testing.Functions.withReserved;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.lambda.testing.FunctionAssets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime tells a listener about every invocation once it has ended, failures and throttles included. */
class InvocationListenerTest {
    @TempDir
    Path tmp;

    @Test
    void everyEndedInvocationIsReportedWithItsFunctionSourcePayloadOutcomeAndDuration() {
        List<InvocationListener.Invocation> heard = new CopyOnWriteArrayList<>();
        Path code = FunctionAssets.directory(tmp, false);
        try (LambdaRuntime runtime = LambdaRuntime.builder(functionsOnly(function("echo", "EchoHandler", code, env(tmp)),
                        function("failing", "FailingHandler", code, env(tmp)), withReserved(function("closed", "EchoHandler", code, env(tmp)), 0)))
                .settings(RuntimeSettings.defaults().withLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .invocationListener(heard::add).start()) {
            runtime.invoke(arn("echo"), "{\"orderId\":\"o-1\"}");
            runtime.invoke(arn("failing"), "{\"orderId\":\"o-2\"}");
            runtime.invoke(arn("closed"), "{}");
        }

        assertThat(heard).hasSize(3);
        assertThat(heard.get(0).functionName()).isEqualTo("echo");
        assertThat(heard.get(0).source()).isEqualTo(InvocationSource.SYNC);
        assertThat(new String(heard.get(0).payload(), StandardCharsets.UTF_8)).isEqualTo("{\"orderId\":\"o-1\"}");
        assertThat(heard.get(0).result()).isInstanceOf(InvokeResult.Success.class);
        assertThat(heard.get(0).duration()).isPositive();
        assertThat(heard.get(1).result()).isInstanceOfSatisfying(InvokeResult.FunctionError.class,
                e -> assertThat(e.errorMessage()).isEqualTo("order o-2 is invalid"));
        assertThat(heard.get(2).result()).isInstanceOf(InvokeResult.Throttled.class);
        assertThat(heard).extracting(InvocationListener.Invocation::requestId).doesNotHaveDuplicates();
    }

    @Test
    void aListenerThatThrowsDoesNotFailTheInvocation() {
        Path code = FunctionAssets.directory(tmp, false);
        try (LambdaRuntime runtime = LambdaRuntime.builder(functionsOnly(function("echo", "EchoHandler", code, env(tmp))))
                .settings(RuntimeSettings.defaults().withLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .invocationListener(invocation -> {
                    throw new IllegalStateException("a broken listener");
                }).start()) {
            assertThat(runtime.invoke(arn("echo"), "{}")).isInstanceOf(InvokeResult.Success.class);
        }
    }
}
