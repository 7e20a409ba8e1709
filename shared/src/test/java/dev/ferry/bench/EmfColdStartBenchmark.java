package dev.ferry.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.metrics.EmfMetrics;
import dev.ferry.metrics.LibraryEmf;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * What the first batch's metrics add to a cold start: in a fresh JVM per fork, one single shot that creates the writer,
 * records a batch of ten and writes its document, loading and linking every class that takes. Jackson is warmed before
 * (a function has parsed its event with it by then), so the library is not charged for Jackson's own start.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1, batchSize = 1)
@Fork(10)
@State(Scope.Benchmark)
public class EmfColdStartBenchmark {
    private PrintStream discard;

    @Setup(Level.Trial)
    public void warmJackson() throws Exception {
        discard = new PrintStream(OutputStream.nullOutputStream());
        discard.println(new ObjectMapper().writeValueAsString(Map.of("records", 10, "eventSource", "aws:sqs")));
    }

    @Benchmark
    public void ferryFirstBatch() {
        EmfBenchmark.ferryBatch(new EmfMetrics("Ferry", Map.of("service", "payments"), discard, Clock.systemUTC()));
    }

    @Benchmark
    public void libraryFirstBatch() throws Exception {
        MetricsLogger metrics = LibraryEmf.logger(discard);
        metrics.setNamespace("Ferry");
        metrics.setDimensions(DimensionSet.of("service", "payments"));
        EmfBenchmark.libraryBatch(metrics);
    }
}
