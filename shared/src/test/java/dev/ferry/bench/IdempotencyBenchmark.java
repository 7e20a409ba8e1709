package dev.ferry.bench;

import dev.ferry.idempotency.Attempt;
import dev.ferry.idempotency.ExecutionOutcome;
import dev.ferry.idempotency.GuardedExecutor;
import dev.ferry.idempotency.InMemoryIdempotencyStore;
import dev.ferry.idempotency.PayloadHash;
import java.time.Duration;
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

/**
 * The toolkit's own share of an idempotent delivery, with the store's round trip taken out (an in-memory
 * store): hashing the payload, the claim/complete protocol of a first delivery, and the decision for a
 * duplicate. On AWS the DynamoDB round trips (milliseconds) dwarf these; the benchmark keeps the part Ferry
 * controls from growing unnoticed.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class IdempotencyBenchmark {

    private static final Duration IN_PROGRESS = Duration.ofSeconds(30);
    private static final String PAYLOAD = "{\"orderId\":\"7d1c0f4e-8a53-4c8e-9b3e-0f6f0c2d5a11\",\"amount\":\"30.00\",\"currency\":\"EUR\"}";

    private GuardedExecutor executor;
    private String hash;
    private long next;

    /** A fresh store per iteration, so that first deliveries do not measure an ever larger map. */
    @Setup(Level.Iteration)
    public void setUp() {
        executor = new GuardedExecutor(new InMemoryIdempotencyStore());
        hash = PayloadHash.of(PAYLOAD);
        executor.run("seen", hash, IN_PROGRESS, () -> Attempt.keep("done", "done"));
    }

    @Benchmark
    public String hashPayload() {
        return PayloadHash.of(PAYLOAD);
    }

    @Benchmark
    public ExecutionOutcome<String> firstDelivery() {
        return executor.run("key-" + next++, hash, IN_PROGRESS, () -> Attempt.keep("done", "done"));
    }

    @Benchmark
    public ExecutionOutcome<String> duplicateDelivery() {
        return executor.run("seen", hash, IN_PROGRESS, () -> Attempt.keep("done", "done"));
    }
}
