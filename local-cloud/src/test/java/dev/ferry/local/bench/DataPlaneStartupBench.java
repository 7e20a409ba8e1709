package dev.ferry.local.bench;

import dev.ferry.local.kinesis.KinesisMockPackage;
import dev.ferry.local.kinesis.KinesisService;
import dev.ferry.local.kinesis.KinesisSettings;
import dev.ferry.local.sqs.SqsService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Start-up time of the SQS (ElasticMQ) and Kinesis services. SQS: the first start in a
 * fresh JVM, then a second start in the same JVM after the first was closed. Kinesis: the in-process emulator's first
 * start, then the kinesis-mock engine's: a start without V8's code cache of kinesis-mock (as right after
 * {@code npm ci}), then two starts with it. Each round
 * runs in a new JVM so that "first" really is cold (class loading, Pekko, JIT).
 *
 * <pre>
 * ./mvnw -q -pl local test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
 * java -cp local/target/classes:local/target/test-classes:$(cat local/target/bench.classpath) \
 *     dev.ferry.local.bench.DataPlaneStartupBench 5
 * </pre>
 */
public final class DataPlaneStartupBench {

    private static final String ONE_ROUND = "--one-round";
    private static final KinesisSettings EMULATOR = KinesisSettings.defaults().withEngine(KinesisSettings.Engine.EMULATOR);
    private static final KinesisSettings MOCK = KinesisSettings.defaults().withEngine(KinesisSettings.Engine.KINESIS_MOCK);

    private DataPlaneStartupBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals(ONE_ROUND)) {
            oneRound();
            return;
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Map<String, List<Double>> results = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (var entry : runRoundInFreshJvm().entrySet()) {
                results.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add(entry.getValue());
            }
        }
        System.out.printf("%d rounds, %d CPUs, Java %s, %s%n", rounds, Runtime.getRuntime().availableProcessors(),
                Runtime.version(), System.getProperty("os.name"));
        System.out.printf("%-16s %8s %8s %8s%n", "ms", "min", "median", "max");
        results.forEach((name, values) -> {
            List<Double> sorted = values.stream().sorted().toList();
            System.out.printf("%-16s %8.0f %8.0f %8.0f%n", name, sorted.getFirst(), sorted.get(sorted.size() / 2), sorted.getLast());
        });
    }

    private static Map<String, Double> runRoundInFreshJvm() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                DataPlaneStartupBench.class.getName(), ONE_ROUND)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Map<String, Double> timings = new LinkedHashMap<>();
        try (var reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] parts = line.split("=", 2);
                if (parts.length == 2 && parts[0].startsWith("timing.")) {
                    timings.put(parts[0].substring("timing.".length()), Double.parseDouble(parts[1]));
                }
            }
        }
        if (child.waitFor() != 0) {
            throw new IllegalStateException("bench round failed with exit status " + child.exitValue());
        }
        return timings;
    }

    private static void oneRound() throws IOException, InterruptedException {
        time("sqs.first", SqsService::start);
        time("sqs.second", SqsService::start);
        time("kinesis.emulator", () -> KinesisService.start(EMULATOR));
        Path cacheDir = KinesisMockPackage.locate().getParent().resolve(".cache").resolve("ferry");
        deleteCodeCache(cacheDir);
        time("kinesis.no-cache", () -> KinesisService.start(MOCK));
        // Let one instance live until it has written V8's code cache, as any run longer than a second does.
        try (KinesisService writer = KinesisService.start(MOCK)) {
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (codeCaches(cacheDir).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }
        time("kinesis.cached", () -> KinesisService.start(MOCK));
        time("kinesis.cached-2", () -> KinesisService.start(MOCK));
    }

    private static List<Path> codeCaches(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".v8cache")).toList();
        }
    }

    private static void deleteCodeCache(Path dir) throws IOException {
        for (Path cache : codeCaches(dir)) {
            Files.delete(cache);
        }
    }

    private static void time(String name, Supplier<? extends AutoCloseable> start) {
        long begin = System.nanoTime();
        AutoCloseable service = start.get();
        double millis = (System.nanoTime() - begin) / 1e6;
        try {
            service.close();
        } catch (Exception e) {
            throw new IllegalStateException(name + " did not close", e);
        }
        System.out.println("timing." + name + "=" + millis);
    }
}
