package dev.ferry.functions.shaded;

import dev.ferry.local.lambda.InitStats;
import dev.ferry.local.lambda.InvokeResult;
import dev.ferry.local.lambda.LambdaRuntime;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Each function's init, measured by the local Lambda runtime (what it reports as {@code Init Duration}), and its first
 * event: every function of the jar, one after the other, in a new runtime per round (so every round loads the code
 * into fresh class loaders, as a new Lambda environment would), against the local data plane. Prints the median and
 * the range over the rounds per function. Outside the test run; {@code bin/benchmark-init} builds and runs it:
 * {@code InitBenchmark <functions jar> [--rounds N]}.
 */
public final class InitBenchmark {

    private InitBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: InitBenchmark <ferry-functions.jar> [--rounds N]");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        int rounds = args.length >= 3 && args[1].equals("--rounds") ? Integer.parseInt(args[2]) : 5;
        System.out.printf(Locale.ROOT, "jar %s, %,d bytes; %d rounds; load average %.2f on %d cores at start%n", jar, Files.size(jar),
                rounds, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
        // The functions log to standard output, as on Lambda; keep it for the figures.
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        Map<String, List<Double>> inits = new LinkedHashMap<>();
        Map<String, List<Double>> firstEvents = new LinkedHashMap<>();
        try (WorkflowEnvironment workflow = WorkflowEnvironment.start()) {
            for (int round = 0; round < rounds; round++) {
                try (LambdaRuntime runtime = ShadedFunctions.runtime(jar, workflow.environment(), new PrintStream(OutputStream.nullOutputStream()))) {
                    for (ShadedFunctions.Function f : ShadedFunctions.all()) {
                        long started = System.nanoTime();
                        InvokeResult result = runtime.invoke(f.arn(), f.firstEvent());
                        double total = (System.nanoTime() - started) / 1e6;
                        if (!(result instanceof InvokeResult.Success)) {
                            throw new IllegalStateException(f.name() + " failed its first event: " + result);
                        }
                        InitStats init = runtime.initStats().stream().filter(s -> s.functionName().equals(f.name())).findFirst().orElseThrow();
                        double initMillis = init.first().orElseThrow().toNanos() / 1e6;
                        inits.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(initMillis);
                        firstEvents.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(total - initMillis);
                    }
                }
            }
        }
        System.setOut(out);
        System.out.printf(Locale.ROOT, "%-17s %12s %17s %18s%n", "function", "init p50 ms", "init min-max ms", "first event p50 ms");
        for (String name : inits.keySet()) {
            List<Double> i = sorted(inits.get(name));
            List<Double> e = sorted(firstEvents.get(name));
            System.out.printf(Locale.ROOT, "%-17s %12.0f %8.0f-%-8.0f %18.0f%n", name, median(i), i.getFirst(), i.getLast(), median(e));
        }
        System.out.printf(Locale.ROOT, "load average %.2f at the end%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.exit(0);
    }

    private static List<Double> sorted(List<Double> values) {
        return values.stream().sorted().toList();
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
