package dev.ferry.local.lambda;

import static dev.ferry.local.lambda.testing.Functions.arn;
import static dev.ferry.local.lambda.testing.Functions.env;
import static dev.ferry.local.lambda.testing.Functions.function;
import static dev.ferry.local.lambda.testing.Functions.functionsOnly;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.deployment.FunctionSpec;
import dev.ferry.local.faults.FaultPlan;
import dev.ferry.local.lambda.testing.FunctionAssets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each init is measured and reported as Lambda reports it: in the REPORT line of a cold start, or in INIT_REPORT. */
class InitDurationTest {
    private static final Pattern REPORT = Pattern.compile(
            "\\[(\\S+)] REPORT RequestId: (\\S+)\tDuration: (\\d+\\.\\d\\d) ms\tBilled Duration: (\\d+) ms\tMemory Size: (\\d+) MB\tInit Duration: (\\d+\\.\\d\\d) ms");

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private LambdaRuntime start(FunctionSpec... functions) {
        return LambdaRuntime.builder(functionsOnly(functions)).endpoints(Map.of()).faults(FaultPlan.none())
                .settings(RuntimeSettings.defaults().withLog(new PrintStream(log, true, StandardCharsets.UTF_8))).start();
    }

    private String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aColdStartsReportLineCarriesItsInitDurationAndAWarmInvocationPrintsNone() {
        Path code = FunctionAssets.jar(tmp);
        try (LambdaRuntime runtime = start(function("fn", "EchoHandler", code, env(tmp, "GREETING", "hi")))) {
            assertThat(runtime.initStats()).singleElement().satisfies(s -> {
                assertThat(s.inits()).isZero();
                assertThat(s.first()).isEmpty();
            });

            InvokeResult cold = runtime.invoke(arn("fn"), "{}");
            runtime.invoke(arn("fn"), "{}");

            Matcher report = REPORT.matcher(log());
            assertThat(report.find()).as(log()).isTrue();
            assertThat(report.group(1)).isEqualTo("fn");
            assertThat(report.group(2)).isEqualTo(cold.requestId());
            assertThat(report.group(5)).isEqualTo("256");
            double init = Double.parseDouble(report.group(6));
            assertThat(init).isPositive();
            // Billed Duration is the raw duration rounded up to the millisecond; the printed one is rounded to 0.01 ms,
            // so 24.004 ms prints "24.00" and bills 25.
            double printed = Double.parseDouble(report.group(3));
            assertThat(Long.parseLong(report.group(4))).isBetween((long) Math.ceil(printed), (long) Math.ceil(printed + 0.005));
            assertThat(report.find()).as("only the cold start reports").isFalse();

            assertThat(runtime.initStats()).singleElement().satisfies(s -> {
                assertThat(s.functionName()).isEqualTo("fn");
                assertThat(s.inits()).isEqualTo(1);
                assertThat(s.first()).hasValueSatisfying(d -> assertThat(d.toNanos() / 1e6).isCloseTo(init, org.assertj.core.data.Offset.offset(0.01)));
                assertThat(s.last()).isEqualTo(s.first());
            });
        }
    }

    @Test
    void aWarmUpReportsItsInitAheadOfAnyInvocationAndASecondEnvironmentKeepsTheFirstFigure() throws Exception {
        Path code = FunctionAssets.jar(tmp);
        try (LambdaRuntime runtime = start(function("slow", "SleepyHandler", code, env(tmp)))) {
            assertThat(runtime.warmUp()).isEmpty();
            assertThat(log()).containsPattern("\\[slow] INIT_REPORT Init Duration: \\d+\\.\\d\\d ms\tPhase: init\tStatus: success");
            Duration first = runtime.initStats().getFirst().first().orElseThrow();

            // Two at once: the second needs an environment of its own, a cold start whose REPORT names its init.
            CompletableFuture<InvokeResult> busy = CompletableFuture.supplyAsync(() -> runtime.invoke(arn("slow"), "1500"));
            for (int i = 0; i < 500 && runtime.functionStats().getFirst().concurrentExecutions() == 0; i++) {
                Thread.sleep(20);
            }
            assertThat(runtime.invoke(arn("slow"), "1")).isInstanceOf(InvokeResult.Success.class);
            assertThat(busy.get()).isInstanceOf(InvokeResult.Success.class);

            assertThat(REPORT.matcher(log()).results().count()).isEqualTo(1);
            assertThat(runtime.initStats()).singleElement().satisfies(s -> {
                assertThat(s.inits()).isEqualTo(2);
                assertThat(s.first()).contains(first);
                assertThat(s.last()).isPresent();
            });
        }
    }

    @Test
    void aFailedInitIsNotCountedAsAnInit() {
        Path code = FunctionAssets.jar(tmp);
        try (LambdaRuntime runtime = start(function("broken", "BrokenInitHandler", code, env(tmp)))) {
            assertThat(runtime.invoke(arn("broken"), "{}")).isInstanceOf(InvokeResult.FunctionError.class);
            assertThat(runtime.initStats()).singleElement().satisfies(s -> {
                assertThat(s.inits()).isZero();
                assertThat(s.first()).isEmpty();
            });
            assertThat(log()).doesNotContain("REPORT RequestId");
        }
    }
}
