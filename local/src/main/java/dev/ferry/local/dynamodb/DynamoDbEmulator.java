package dev.ferry.local.dynamodb;

import dev.ferry.local.LocalService;
import dev.ferry.local.dynamodb.faults.DynamoDbFaultPlan;
import dev.ferry.local.dynamodb.faults.DynamoDbFaults;
import dev.ferry.local.dynamodb.ops.Database;
import dev.ferry.local.dynamodb.ops.DynamoDbApi;
import dev.ferry.local.dynamodb.ops.TtlSweeper;
import dev.ferry.local.dynamodb.server.JsonProtocolServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ferry's DynamoDB + DynamoDB Streams emulator: one in-memory database served over HTTP on loopback,
 * for both the {@code dynamodb} and the {@code streams.dynamodb} endpoints.
 *
 * <pre>{@code
 * try (var dynamodb = DynamoDbEmulator.start()) {
 *     DynamoDbClient client = DynamoDbClient.builder().endpointOverride(dynamodb.endpoint())...
 * }
 * }</pre>
 */
public final class DynamoDbEmulator implements LocalService {
    public static final Duration DEFAULT_TTL_SWEEP = Duration.ofSeconds(5);

    private final JsonProtocolServer server;
    private final DynamoDbFaults faults;
    private final TtlSweeper sweeper;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DynamoDbEmulator(Builder b) {
        this.faults = new DynamoDbFaults(b.faults);
        Database db = new Database(b.region, b.account, b.clock, faults);
        this.sweeper = new TtlSweeper(db);
        try {
            this.server = JsonProtocolServer.start(new DynamoDbApi(db), b.port);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on 127.0.0.1:" + b.port + " (is the port taken?)", e);
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dynamodb-ttl-sweeper");
            t.setDaemon(true);
            return t;
        });
        long every = b.ttlSweepInterval.toMillis();
        scheduler.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** Starts on a free port with the defaults. */
    public static DynamoDbEmulator start() {
        return builder().start();
    }

    /** Starts on the given port (0 for a free one). */
    public static DynamoDbEmulator start(int port) {
        return builder().port(port).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "dynamodb";
    }

    public int port() {
        return server.port();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    @Override
    public Map<String, String> endpoints() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ENDPOINT_URL_DYNAMODB", endpoint().toString());
        env.put("AWS_ENDPOINT_URL_DYNAMODB_STREAMS", endpoint().toString());
        return env;
    }

    /**
     * The faults this emulator raises: starts from {@link Builder#faults}, can be changed at any time
     * (e.g. {@code faults().throttleNext(2)}, {@code faults().holdTransactions(...)}).
     */
    public DynamoDbFaults faults() {
        return faults;
    }

    /** Deletes expired TTL items now instead of at the next background sweep; returns how many. */
    public int sweepExpiredItems() {
        return sweeper.sweep();
    }

    private void sweepQuietly() {
        try {
            sweeper.sweep();
        } catch (RuntimeException e) {
            System.err.println("dynamodb emulator: TTL sweep failed: " + e);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            scheduler.shutdownNow();
            server.close();
        }
    }

    /** Settings of an emulator; every one has a sensible default. */
    public static final class Builder {
        private int port;
        private String region = "us-east-1";
        private String account = "000000000000";
        private Clock clock = Clock.systemUTC();
        private Duration ttlSweepInterval = DEFAULT_TTL_SWEEP;
        private DynamoDbFaultPlan faults = DynamoDbFaultPlan.none();

        private Builder() {}

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The region named in ARNs and stream records. */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** The account id named in ARNs. */
        public Builder account(String account) {
            this.account = account;
            return this;
        }

        /** The clock for timestamps, TTL, iterator expiry and stream retention (tests move it). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder ttlSweepInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) throw new IllegalArgumentException("the TTL sweep interval must be positive");
            this.ttlSweepInterval = interval;
            return this;
        }

        /** Transaction conflicts, throttling and a transaction hold to raise from the start (default none). */
        public Builder faults(DynamoDbFaultPlan plan) {
            this.faults = plan;
            return this;
        }

        public DynamoDbEmulator start() {
            return new DynamoDbEmulator(this);
        }
    }
}
