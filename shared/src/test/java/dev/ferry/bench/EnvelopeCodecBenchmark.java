package dev.ferry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.envelope.Envelope;
import dev.ferry.envelope.EnvelopeCodec;
import dev.ferry.envelope.EventTypes;
import java.math.BigDecimal;
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

/**
 * What every hop of the workflow pays to write and read the event envelope: each consumer decodes once per
 * message and each producer encodes once per event.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class EnvelopeCodecBenchmark {

    /** The shape of the workflow's busiest event, OrderPlaced. */
    public record OrderPlaced(String orderId, String accountId, BigDecimal amount, String currency) {
    }

    private static final String TYPE = "dev.ferry.orders.OrderPlaced.v1";

    private EnvelopeCodec codec;
    private Envelope<OrderPlaced> envelope;
    private String json;

    @Setup
    public void setUp() {
        codec = new EnvelopeCodec(EventTypes.builder().register(TYPE, OrderPlaced.class).build());
        envelope = Envelope.of("orders", TYPE, "order-42", new OrderPlaced("7d1c0f4e-8a53-4c8e-9b3e-0f6f0c2d5a11",
                "2b9e6f1a-4c7d-4e8b-a1f3-5d6c7b8a9e0f", new BigDecimal("30.00"), "EUR"));
        json = codec.encode(envelope);
    }

    @Benchmark
    public String encode() {
        return codec.encode(envelope);
    }

    @Benchmark
    public Envelope<OrderPlaced> decodeTyped() {
        return codec.decode(json, OrderPlaced.class);
    }

    @Benchmark
    public Envelope<Object> decodeByRegisteredType() {
        return codec.decode(json);
    }

    @Benchmark
    public Envelope<JsonNode> decodeTree() {
        return codec.decodeTree(json);
    }
}
