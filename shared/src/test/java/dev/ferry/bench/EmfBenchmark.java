package dev.ferry.bench;

import dev.ferry.metrics.EmfMetrics;
import dev.ferry.metrics.LibraryEmf;
import dev.ferry.metrics.Unit;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;

/**
 * What a consumer pays for its metrics once warm, the toolkit's {@link EmfMetrics} against {@code aws-embedded-metrics}:
 * a batch of ten messages (a count and a latency each, one document per batch, as the toolkit's consumers flush) and a
 * single count. Both write to a discarding stream, so the figures are building and serializing the document.
 * The first use in a fresh JVM is {@link EmfColdStartBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class EmfBenchmark {
    static final double[] LATENCIES = {12.5, 7, 3.25, 40, 9, 11, 2, 5.5, 8, 13};

    private EmfMetrics ferry;
    private MetricsLogger library;

    @Setup
    public void setUp() throws Exception {
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        ferry = new EmfMetrics("Ferry", Map.of("service", "payments"), discard, Clock.systemUTC());
        library = LibraryEmf.logger(discard);
        library.setNamespace("Ferry");
        library.setDimensions(DimensionSet.of("service", "payments"));
    }

    @Benchmark
    public void ferryBatchOfTen() {
        ferryBatch(ferry);
    }

    @Benchmark
    public void libraryBatchOfTen() throws Exception {
        libraryBatch(library);
    }

    @Benchmark
    public void ferryOneCount() {
        ferry.count("MessagesProcessed");
        ferry.flush();
    }

    @Benchmark
    public void libraryOneCount() throws Exception {
        library.putMetric("MessagesProcessed", 1, software.amazon.cloudwatchlogs.emf.model.Unit.COUNT);
        library.flush();
    }

    static void ferryBatch(EmfMetrics metrics) {
        for (double latency : LATENCIES) {
            metrics.count("MessagesProcessed");
            metrics.add("HandlerLatency", latency, Unit.MILLISECONDS);
        }
        metrics.property("batchSize", LATENCIES.length);
        metrics.flush();
    }

    static void libraryBatch(MetricsLogger metrics) throws Exception {
        for (double latency : LATENCIES) {
            metrics.putMetric("MessagesProcessed", 1, software.amazon.cloudwatchlogs.emf.model.Unit.COUNT);
            metrics.putMetric("HandlerLatency", latency, software.amazon.cloudwatchlogs.emf.model.Unit.MILLISECONDS);
        }
        metrics.putProperty("batchSize", LATENCIES.length);
        metrics.flush();
    }
}
