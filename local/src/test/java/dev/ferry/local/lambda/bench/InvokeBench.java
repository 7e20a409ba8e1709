package dev.ferry.local.lambda.bench;

import static dev.ferry.local.lambda.testing.Functions.arn;
import static dev.ferry.local.lambda.testing.Functions.env;
import static dev.ferry.local.lambda.testing.Functions.function;
import static dev.ferry.local.lambda.testing.Functions.functionsOnly;

import dev.ferry.local.faults.FaultPlan;
import dev.ferry.local.lambda.InvokeResult;
import dev.ferry.local.lambda.LambdaRuntime;
import dev.ferry.local.lambda.RuntimeSettings;
import dev.ferry.local.lambda.testing.FunctionAssets;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Cold start and warm synchronous invocations of the in-process runtime: a fixture handler
 * ({@code EchoHandler}, Map in, Map out, through the event serializers) loaded from a directory asset.
 * Cold = a new runtime, class loader and serializer copy, then the first invoke. Warm = sequential invokes
 * of one function on one thread.
 *
 * <pre>
 * ./mvnw -q -pl local -am test-compile
 * ./mvnw -q -pl local dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
 * java -cp local/target/classes:local/target/test-classes:$(cat local/target/bench.classpath) \
 *     dev.ferry.local.lambda.bench.InvokeBench 5 20000
 * </pre>
 */
public final class InvokeBench {
    private InvokeBench() {}

    public static void main(String[] args) throws Exception {
        int coldRounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int warmInvokes = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        Path tmp = Files.createTempDirectory("invoke-bench");
        Path code = FunctionAssets.directory(tmp, false);
        RuntimeSettings quiet = RuntimeSettings.defaults().withLog(new PrintStream(OutputStream.nullOutputStream()));
        String payload = "{\"orderId\":\"o-1\",\"amount\":5}";

        long[] cold = new long[coldRounds];
        for (int i = 0; i < coldRounds; i++) {
            long t = System.nanoTime();
            try (LambdaRuntime runtime = LambdaRuntime.builder(functionsOnly(function("echo", "EchoHandler", code, env(tmp))))
                    .faults(FaultPlan.none()).settings(quiet).start()) {
                check(runtime.invoke(arn("echo"), payload));
                cold[i] = System.nanoTime() - t;
            }
        }
        try (LambdaRuntime runtime = LambdaRuntime.builder(functionsOnly(function("echo", "EchoHandler", code, env(tmp))))
                .faults(FaultPlan.none()).settings(quiet).start()) {
            for (int i = 0; i < 2_000; i++) {
                check(runtime.invoke(arn("echo"), payload));
            }
            long[] warm = new long[warmInvokes];
            long start = System.nanoTime();
            for (int i = 0; i < warmInvokes; i++) {
                long t = System.nanoTime();
                check(runtime.invoke(arn("echo"), payload));
                warm[i] = System.nanoTime() - t;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(cold);
            Arrays.sort(warm);
            System.out.printf("cold start + first invoke: median %.0f ms (min %.0f, max %.0f) over %d runs%n",
                    cold[coldRounds / 2] / 1e6, cold[0] / 1e6, cold[coldRounds - 1] / 1e6, coldRounds);
            System.out.printf("warm invoke: %.0f invokes/s on one thread; p50 %.0f us, p99 %.0f us over %d invokes%n",
                    warmInvokes / seconds, warm[warmInvokes / 2] / 1e3, warm[(int) (warmInvokes * 0.99)] / 1e3, warmInvokes);
        }
    }

    private static void check(InvokeResult r) {
        if (!(r instanceof InvokeResult.Success)) {
            throw new IllegalStateException("invocation failed: " + r);
        }
    }
}
