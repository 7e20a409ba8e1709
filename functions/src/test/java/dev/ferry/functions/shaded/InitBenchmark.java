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
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Each function's init, measured by the local Lambda runtime (what it reports as {@code Init Duration}), and its first
 * event: every function of a jar, one after the other, in a new runtime per round (so every round loads the code into
 * fresh class loaders, as a new Lambda environment would), against the local data plane. With several jars, each round
 * runs every jar, in turn and in alternating order, so that a busy machine weighs on each alike. Prints, per jar and
 * function, the median and range of the init and the median of the first event. Outside the test run;
 * {@code bin/benchmark-init} builds and runs it: {@code InitBenchmark <jar> [<other jar> ...] [--rounds N]} ({@code --help}).
 */
@Command(name = "benchmark-init", description = "Each function's init and first event in the local Lambda runtime, per jar.")
public final class InitBenchmark implements Callable<Integer> {

    private static final long PAUSE_MILLIS = 500;

    private InitBenchmark() {
    }

    private record Samples(List<Double> inits, List<Double> firstEvents) {
        Samples() {
            this(new ArrayList<>(), new ArrayList<>());
        }
    }

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5", description = "rounds, each a new runtime per jar (default: 5)")
    private int rounds;

    @Parameters(arity = "1..*", paramLabel = "JAR", description = "the functions jar, and others to compare it with")
    private List<Path> jars = new ArrayList<>();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this usage")
    private boolean help;

    public static void main(String[] args) {
        System.exit(new CommandLine(new InitBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "%d rounds; load average %.2f on %d cores at start%n", rounds,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
        for (Path jar : jars) {
            out.printf(Locale.ROOT, "  %s: %,d bytes%n", jar, Files.size(jar));
        }
        // The functions log to standard output, as on Lambda; keep it for the figures.
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        Map<Path, Map<String, Samples>> samples = new LinkedHashMap<>();
        try (WorkflowEnvironment workflow = WorkflowEnvironment.start()) {
            for (int round = 0; round < rounds; round++) {
                List<Path> order = new ArrayList<>(jars);
                if (round % 2 == 1) {
                    java.util.Collections.reverse(order);
                }
                for (Path jar : order) {
                    measure(jar, workflow, samples.computeIfAbsent(jar, j -> new LinkedHashMap<>()));
                }
            }
        }
        System.setOut(out);
        for (Path jar : jars) {
            out.printf(Locale.ROOT, "%n%s%n%-17s %12s %17s %18s%n", jar.getFileName(), "function", "init p50 ms", "init min-max ms",
                    "first event p50 ms");
            samples.get(jar).forEach((name, s) -> {
                List<Double> i = s.inits().stream().sorted().toList();
                out.printf(Locale.ROOT, "%-17s %12.0f %8.0f-%-8.0f %18.0f%n", name, median(i), i.getFirst(), i.getLast(),
                        median(s.firstEvents().stream().sorted().toList()));
            });
        }
        out.printf(Locale.ROOT, "%nload average %.2f at the end%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        return 0; // main exits with it: the runtimes' threads must not keep the JVM up
    }

    private static void measure(Path jar, WorkflowEnvironment workflow, Map<String, Samples> into) {
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
                Samples s = into.computeIfAbsent(f.name(), k -> new Samples());
                s.inits().add(initMillis);
                s.firstEvents().add(total - initMillis);
                // What a function does after answering (an API function's telemetry thread publishes its first batch,
                // building its SNS client) must not run into the next function's init.
                try {
                    Thread.sleep(PAUSE_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
