package dev.ferry.bench;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.ferry.batch.ConsumerSettings;
import dev.ferry.batch.Outcome;
import dev.ferry.batch.SqsBatchConsumer;
import dev.ferry.idempotency.InMemoryIdempotencyStore;
import dev.ferry.testing.TestLambdaContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The bookkeeping a batch consumer does around the handler: correlation and log scopes per message, the
 * partial batch response, FIFO group blocking, and (effectively once) the idempotency protocol against an
 * in-memory store. The handler does nothing, so the figure is the toolkit's cost per batch of ten.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class BatchBenchmark {

    @Param({"atLeastOnce", "effectivelyOnce"})
    public String semantics;

    private SqsBatchConsumer allDone;
    private SqsBatchConsumer oneFailsInAFifoGroup;
    private SQSEvent standardBatch;
    private SQSEvent fifoBatch;
    private final TestLambdaContext context = TestLambdaContext.of("bench");
    private long batch;

    @Setup(Level.Iteration)
    public void setUp() {
        allDone = new SqsBatchConsumer(settings("all-done"), m -> Outcome.done());
        oneFailsInAFifoGroup = new SqsBatchConsumer(settings("fifo"),
                m -> m.getBody().endsWith("#3") ? Outcome.retry("dependency down") : Outcome.done());
    }

    private ConsumerSettings settings(String name) {
        return semantics.equals("effectivelyOnce")
                ? ConsumerSettings.effectivelyOnce(name, new InMemoryIdempotencyStore())
                : ConsumerSettings.atLeastOnce(name);
    }

    @Benchmark
    public SQSBatchResponse standardBatchOfTenAllDone() {
        // New message ids per batch: under effectively-once each one is a first delivery, not a duplicate.
        return allDone.handle(event(batch++, null), context);
    }

    @Benchmark
    public SQSBatchResponse fifoBatchOfTenWithAFailure() {
        return oneFailsInAFifoGroup.handle(event(batch++, "group-"), context);
    }

    private static SQSEvent event(long batch, String groupPrefix) {
        List<SQSEvent.SQSMessage> messages = new ArrayList<>(10);
        for (int i = 0; i < 10; i++) {
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId(batch + "-" + i);
            m.setBody("{\"orderId\":\"" + batch + "\",\"n\":" + i + "}#" + i);
            m.setEventSourceArn("arn:aws:sqs:us-east-1:000000000000:jobs" + (groupPrefix == null ? "" : ".fifo"));
            Map<String, String> attributes = new HashMap<>();
            attributes.put("ApproximateReceiveCount", "1");
            if (groupPrefix != null) {
                attributes.put("MessageGroupId", groupPrefix + (i % 2));
            }
            m.setAttributes(attributes);
            m.setMessageAttributes(Map.of());
            messages.add(m);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(messages);
        return event;
    }
}
