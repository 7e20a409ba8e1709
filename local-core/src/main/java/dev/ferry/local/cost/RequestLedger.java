package dev.ferry.local.cost;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * Every billable request the local cloud serves, counted where it is served: DynamoDB capacity units, SQS and SNS
 * requests by 64 KB chunk, Kinesis PUT payload units, Lambda requests and GB-seconds, API Gateway requests, scheduled
 * invocations, log bytes. The counting sits on the services' hot paths: an existing line costs a map lookup and a
 * {@link LongAdder} increment.
 */
public final class RequestLedger {
    private static final RequestLedger DISCARDING = new RequestLedger(InstantSource.system(), false);

    private final Map<Usage, LongAdder> counts = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<ShardGauge> shardGauges = new CopyOnWriteArrayList<>();
    private final InstantSource clock;
    private final Instant started;
    private final boolean counting;

    /** A stream service's open provisioned shards, read when a snapshot is taken. */
    private record ShardGauge(String stream, IntSupplier openShards) {}

    private RequestLedger(InstantSource clock, boolean counting) {
        this.clock = clock;
        this.started = clock.instant();
        this.counting = counting;
    }

    public RequestLedger() {
        this(InstantSource.system());
    }

    public RequestLedger(InstantSource clock) {
        this(clock, true);
    }

    /** A ledger that counts nothing: what a service uses until it is given one. */
    public static RequestLedger discarding() {
        return DISCARDING;
    }

    /** Adds {@code amount} counts of {@code meter} for {@code detail}. */
    public void add(Meter meter, String detail, long amount) {
        if (!counting || amount <= 0) return;
        Usage usage = new Usage(meter, detail);
        LongAdder adder = counts.get(usage);
        if (adder == null) adder = counts.computeIfAbsent(usage, u -> new LongAdder());
        adder.add(amount);
    }

    /**
     * Counts a DynamoDB table's consumed capacity as the emulator computed it for the request: read units (halves
     * allowed) and write units.
     */
    public void dynamoDb(String table, double readUnits, double writeUnits) {
        add(Meter.DYNAMODB_READ_UNITS, table, Math.round(readUnits * 2));
        add(Meter.DYNAMODB_WRITE_UNITS, table, Math.round(writeUnits));
    }

    /** Counts one Lambda invocation of a function with {@code memoryMb} that ran {@code durationNanos}. */
    public void lambda(String function, int memoryMb, long durationNanos) {
        add(Meter.LAMBDA_REQUESTS, function, 1);
        add(Meter.LAMBDA_DURATION, function, BillingUnits.megabyteMillis(memoryMb, durationNanos));
    }

    /** Accrues shard-hours for {@code openShards} of a provisioned stream for as long as this ledger lives. */
    public void streamShards(String stream, IntSupplier openShards) {
        if (counting) shardGauges.add(new ShardGauge(stream, Objects.requireNonNull(openShards)));
    }

    /** What has been counted so far. Shard-hours assume each stream kept its current shard count since the start. */
    public LedgerSnapshot snapshot() {
        Instant now = clock.instant();
        Duration running = Duration.between(started, now);
        Map<Usage, Long> copy = new TreeMap<>();
        counts.forEach((usage, adder) -> {
            long sum = adder.sum();
            if (sum > 0) copy.put(usage, sum);
        });
        for (ShardGauge gauge : shardGauges) {
            long shardSeconds = (long) gauge.openShards().getAsInt() * running.toSeconds();
            if (shardSeconds > 0) copy.merge(new Usage(Meter.KINESIS_SHARD_HOURS, gauge.stream()), shardSeconds, Long::sum);
        }
        return new LedgerSnapshot(now, running, copy);
    }
}
