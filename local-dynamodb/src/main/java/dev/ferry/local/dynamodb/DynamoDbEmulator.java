package dev.ferry.local.dynamodb;

import dev.ferry.local.LocalService;
import dev.ferry.local.dynamodb.faults.DynamoDbFaultPlan;
import dev.ferry.local.dynamodb.faults.DynamoDbFaults;
import dev.ferry.local.dynamodb.ops.Database;
import dev.ferry.local.dynamodb.ops.DynamoDbApi;
import dev.ferry.local.dynamodb.ops.TtlSweeper;
import dev.ferry.local.dynamodb.server.JsonProtocolServer;
import dev.ferry.local.dynamodb.stream.ShardRollover;
import dev.ferry.local.dynamodb.stream.StreamSettings;
import dev.ferry.local.dynamodb.table.TableTransitions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    private final Database db;
    private final JsonProtocolServer server;
    private final DynamoDbFaults faults;
    private final TtlSweeper sweeper;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DynamoDbEmulator(Builder b) {
        StreamSettings defaults = StreamSettings.defaults();
        StreamSettings streams = new StreamSettings(b.streamShards.orElse(defaults.shardCount()),
                b.streamShardRollover.orElse(defaults.rolloverInterval()));
        this.faults = new DynamoDbFaults(b.faults);
        this.db = new Database(b.region, b.account, b.clock, streams, faults, b.tableTransitions.orElseGet(TableTransitions::defaults));
        b.streamActivity.ifPresent(db::reportStreamWrites);
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

    /** Counts every request's consumed capacity and every stream read in {@code ledger} from now on. */
    public void meterInto(dev.ferry.local.cost.RequestLedger ledger) {
        db.meterInto(ledger);
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

    /** How long this emulator's tables and indexes stay CREATING, UPDATING and DELETING. */
    public TableTransitions tableTransitions() {
        return db.transitions();
    }

    /** How this emulator shapes table streams: shards per stream and the rollover interval. */
    public StreamSettings streamSettings() {
        return db.streamSettings();
    }

    /**
     * Rolls the shards of a table's stream over now, as AWS does on its own from time to time: every open
     * shard is closed (DescribeStream shows its ending sequence number; a reader at its end gets no next
     * iterator) and gets a child, named by the child's {@code ParentShardId}, that receives the partition
     * keys the parent received. An emulator-only hook: AWS offers no way to force a rollover.
     *
     * @throws ApiException (ResourceNotFoundException) when there is no such table
     * @throws IllegalStateException when the table has no enabled stream
     */
    public ShardRollover rollStreamShards(String tableName) {
        return db.rollStreamShards(tableName);
    }

    /** Rolls over the stream shards of every table that has an enabled stream; returns one result per stream. */
    public List<ShardRollover> rollStreamShards() {
        return db.rollStreamShards();
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
        private Optional<Integer> streamShards = Optional.empty();
        private Optional<Duration> streamShardRollover = Optional.empty();
        private DynamoDbFaultPlan faults = DynamoDbFaultPlan.none();
        private Optional<TableTransitions> tableTransitions = Optional.empty();
        private Optional<dev.ferry.local.StreamActivity> streamActivity = Optional.empty();

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

        /**
         * Shards open at once in every table stream (1 to {@value StreamSettings#MAX_SHARDS}); each partition
         * key always goes to the same one. Unset: {@value StreamSettings#SHARDS_PROPERTY}, else
         * {@value StreamSettings#SHARDS_ENV}, else {@value StreamSettings#DEFAULT_SHARD_COUNT}.
         */
        public Builder streamShards(int count) {
            this.streamShards = Optional.of(new StreamSettings(count, StreamSettings.DEFAULT_ROLLOVER_INTERVAL).shardCount());
            return this;
        }

        /**
         * How long a generation of stream shards stays open, by the emulator's clock, before every shard is
         * closed and gets a child. Unset: {@value StreamSettings#ROLLOVER_PROPERTY}, else
         * {@value StreamSettings#ROLLOVER_ENV}, else four hours.
         */
        public Builder streamShardRollover(Duration interval) {
            this.streamShardRollover = Optional.of(new StreamSettings(1, interval).rolloverInterval());
            return this;
        }

        /**
         * How long tables and indexes stay CREATING, UPDATING and DELETING. Unset: {@value TableTransitions#PROPERTY},
         * else {@value TableTransitions#ENV} (an ISO-8601 duration for every transition), else instant: CreateTable
         * answers CREATING and the table is ACTIVE from the next request on.
         */
        public Builder tableTransitions(TableTransitions transitions) {
            this.tableTransitions = Optional.of(transitions);
            return this;
        }

        /** The same delay for every table and index transition, so that code waiting for a table waits for real. */
        public Builder tableTransitions(Duration each) {
            return tableTransitions(TableTransitions.taking(each));
        }

        /** Transaction conflicts, throttling and a transaction hold to raise from the start (default none). */
        public Builder faults(DynamoDbFaultPlan plan) {
            this.faults = plan;
            return this;
        }

        /**
         * Reports every record a table stream appends to {@code activity}, so that the local runtime's stream readers
         * wake at once instead of at their next poll ({@link dev.ferry.local.StreamActivity}).
         */
        public Builder streamActivity(dev.ferry.local.StreamActivity activity) {
            this.streamActivity = Optional.of(activity);
            return this;
        }

        public DynamoDbEmulator start() {
            return new DynamoDbEmulator(this);
        }
    }
}
