package dev.ferry.local.dynamodb.ops;

import dev.ferry.local.dynamodb.ApiException;
import dev.ferry.local.dynamodb.faults.DynamoDbFaults;
import dev.ferry.local.dynamodb.stream.ShardRollover;
import dev.ferry.local.dynamodb.stream.StreamLog;
import dev.ferry.local.dynamodb.stream.StreamSettings;
import dev.ferry.local.dynamodb.table.Lifecycle;
import dev.ferry.local.dynamodb.table.Table;
import dev.ferry.local.dynamodb.table.TableTransitions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * All state of one emulator: its tables, their streams (also those of deleted tables), transaction tokens,
 * the items transactions have in flight, and the faults it is asked to raise.
 */
public final class Database {
    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final String region;
    private final String account;
    private final Clock clock;
    private final StreamSettings streamSettings;
    private final AtomicLong sequences = new AtomicLong();
    private final ConcurrentSkipListMap<String, Table> tables = new ConcurrentSkipListMap<>();
    private final Map<String, StreamLog> streams = new LinkedHashMap<>();
    private final TransactionTokens transactionTokens;
    private final InFlightItems inFlight = new InFlightItems();
    private final AtomicLong transactionIds = new AtomicLong();
    private final DynamoDbFaults faults;
    private final TableTransitions transitions;
    private volatile dev.ferry.local.cost.RequestLedger ledger = dev.ferry.local.cost.RequestLedger.discarding();
    /** Told of every record a table stream appends; null when nobody listens. */
    private volatile dev.ferry.local.StreamActivity streamActivity;

    public Database(String region, String account, Clock clock) {
        this(region, account, clock, StreamSettings.defaults(), DynamoDbFaults.none());
    }

    public Database(String region, String account, Clock clock, StreamSettings streamSettings) {
        this(region, account, clock, streamSettings, DynamoDbFaults.none());
    }

    public Database(String region, String account, Clock clock, DynamoDbFaults faults) {
        this(region, account, clock, StreamSettings.defaults(), faults);
    }

    public Database(String region, String account, Clock clock, StreamSettings streamSettings, DynamoDbFaults faults) {
        this(region, account, clock, streamSettings, faults, TableTransitions.instant());
    }

    public Database(String region, String account, Clock clock, StreamSettings streamSettings, DynamoDbFaults faults,
                    TableTransitions transitions) {
        this.transitions = transitions;
        this.region = region;
        this.account = account;
        this.clock = clock;
        this.streamSettings = streamSettings;
        this.transactionTokens = new TransactionTokens(clock);
        this.faults = faults;
    }

    /** From now on, every record a table's stream appends is reported to {@code activity} (the local runtime's readers). */
    public void reportStreamWrites(dev.ferry.local.StreamActivity activity) {
        this.streamActivity = activity;
    }

    public String region() { return region; }
    public String account() { return account; }
    public Instant now() { return clock.instant(); }
    public StreamSettings streamSettings() { return streamSettings; }
    TransactionTokens transactionTokens() { return transactionTokens; }
    InFlightItems inFlight() { return inFlight; }
    long nextTransactionId() { return transactionIds.incrementAndGet(); }
    public DynamoDbFaults faults() { return faults; }

    /** Counts every request's consumed capacity and stream read in {@code ledger} from now on. */
    public void meterInto(dev.ferry.local.cost.RequestLedger ledger) { this.ledger = ledger; }

    public dev.ferry.local.cost.RequestLedger ledger() { return ledger; }
    public TableTransitions transitions() { return transitions; }

    public String tableArn(String name) {
        return "arn:aws:dynamodb:" + region + ":" + account + ":table/" + name;
    }

    /** Registers a new table; the caller has validated it. */
    void create(Table table) {
        Table existing = tables.get(table.name());
        if (existing != null && existing.lifecycle().goneBy(now())) forget(existing);
        if (tables.putIfAbsent(table.name(), table) != null) {
            throw ApiException.resourceInUse("Table already exists: " + table.name());
        }
    }

    void remove(Table table) {
        tables.remove(table.name(), table);
    }

    public Collection<Table> tables() {
        return tables.values();
    }

    /** The tables that exist now, DELETING ones included until their deletion has run its course. */
    public List<String> tableNames() {
        List<String> names = new ArrayList<>();
        for (Table t : tables.values()) {
            if (t.lifecycle().goneBy(now())) {
                forget(t);
            } else {
                names.add(t.name());
            }
        }
        return names;
    }

    public Table table(String name) {
        Table t = tables.get(name);
        if (t == null || t.lifecycle().goneBy(now())) {
            if (t != null) forget(t);
            throw notFound(name);
        }
        return t;
    }

    /** Drops a table whose deletion has run its course. */
    private void forget(Table t) {
        t.lock().lock();
        try {
            t.markDeleted();
            tables.remove(t.name(), t);
        } finally {
            t.lock().unlock();
        }
    }

    /** What the control plane (DescribeTable, UpdateTable, ...) answers for a table that does not exist. */
    static ApiException notFound(String name) {
        return ApiException.resourceNotFound("Requested resource not found: Table: " + name + " not found");
    }

    /**
     * What the data plane (GetItem, Query, BatchWriteItem, ...) answers for a table that does not exist or is
     * not ACTIVE yet: the bare sentence (dynamodb-conformance tests/tier3/error-messages/getItem.test.ts and
     * batchWriteItem.test.ts, github.com/paritysuite/dynamodb-conformance; a CREATING table is refused too,
     * dynalite test/batchWriteItem.js "ResourceNotFoundException if table is being created").
     */
    static ApiException itemTableNotFound() {
        return ApiException.resourceNotFound("Requested resource not found");
    }

    /** Runs {@code action} holding the named table's lock; fails if the table is gone. */
    public <T> T withTable(String name, Function<Table, T> action) {
        return withTables(List.of(name), all -> action.apply(all.get(name)));
    }

    /**
     * Runs {@code action} holding the locks of all named tables, taken in name order so that two
     * multi-table operations can never wait on each other in a cycle.
     */
    public <T> T withTables(Collection<String> names, Function<Map<String, Table>, T> action) {
        return locked(names, false, action);
    }

    /** {@link #withTable} for an item operation: the table must be readable and writable (not CREATING). */
    <T> T withItemTable(String name, Function<Table, T> action) {
        return withItemTables(List.of(name), all -> action.apply(all.get(name)));
    }

    /** {@link #withTables} for item operations: every table must be readable and writable (not CREATING). */
    <T> T withItemTables(Collection<String> names, Function<Map<String, Table>, T> action) {
        return locked(names, true, action);
    }

    private <T> T locked(Collection<String> names, boolean itemAccess, Function<Map<String, Table>, T> action) {
        List<Table> locked = new ArrayList<>();
        try {
            Map<String, Table> byName = new LinkedHashMap<>();
            for (String name : new TreeSet<>(names)) {
                Table t;
                try {
                    t = table(name);
                } catch (ApiException missing) {
                    throw itemAccess ? itemTableNotFound() : missing;
                }
                t.lock().lock();
                locked.add(t);
                if (t.deleted()) throw itemAccess ? itemTableNotFound() : notFound(name);
                t.settle(now());
                if (itemAccess && t.status(now()) == Lifecycle.Status.CREATING) throw itemTableNotFound();
                byName.put(name, t);
            }
            return action.apply(byName);
        } finally {
            unlock(locked);
        }
    }

    /**
     * Like {@link #withTables} for tables already looked up: a transaction applies its writes to the very
     * tables it took its items in, and fails if one of them was deleted meanwhile (even if a table of the
     * same name was created since).
     */
    <T> T withSameTables(Collection<Table> tables, Function<Map<String, Table>, T> action) {
        List<Table> ordered = new ArrayList<>(tables);
        ordered.sort(Comparator.comparing(Table::name));
        List<Table> locked = new ArrayList<>();
        try {
            Map<String, Table> byName = new LinkedHashMap<>();
            for (Table t : ordered) {
                t.lock().lock();
                locked.add(t);
                if (t.deleted()) throw itemTableNotFound();
                byName.put(t.name(), t);
            }
            return action.apply(byName);
        } finally {
            unlock(locked);
        }
    }

    private static void unlock(List<Table> locked) {
        for (int i = locked.size() - 1; i >= 0; i--) locked.get(i).lock().unlock();
    }

    /** The table of that name, if there is one (no error when there is not). */
    Optional<Table> findTable(String name) {
        return name.isEmpty() ? Optional.empty() : Optional.ofNullable(tables.get(name));
    }

    /** Opens a new stream for a table (the caller holds its lock) with a label unique for that table. */
    StreamLog openStream(Table table, String viewType) {
        synchronized (streams) {
            Instant created = now();
            Optional<StreamLog> previous = table.stream();
            for (StreamLog s : streams.values()) {
                if (s.tableName().equals(table.name()) && !s.created().isBefore(created)) created = s.created().plusMillis(1);
            }
            String label = LABEL.format(created);
            String tableName = table.name();
            StreamLog log = new StreamLog(table.arn() + "/stream/" + label, label, table.name(), viewType,
                    table.keySchema(), created, sequences, streamSettings, (shardId, sequence) -> {
                        dev.ferry.local.StreamActivity activity = streamActivity;
                        if (activity != null) {
                            activity.recordAdded(dev.ferry.local.StreamActivity.dynamoDbShard(tableName, shardId), sequence);
                        }
                    });
            streams.put(log.arn(), log);
            table.setStream(Optional.of(log), created);
            previous.ifPresent(p -> p.disable(now()));
            return log;
        }
    }

    /**
     * Rolls the shards of a table's stream over now: every open shard is closed and gets a child that takes
     * over its partition keys. An emulator-only hook for tests of readers that follow shard lineage.
     *
     * @throws ApiException (ResourceNotFoundException) when there is no such table
     * @throws IllegalStateException when the table has no enabled stream
     */
    public ShardRollover rollStreamShards(String tableName) {
        return withTable(tableName, table -> table.stream().orElseThrow(() -> new IllegalStateException(
                "table " + tableName + " has no enabled stream, so it has no shards to roll over; create it with a "
                        + "StreamSpecification or enable one with UpdateTable")).rollover(now()));
    }

    /** Rolls over the shards of every table that has an enabled stream; returns what each rollover did. */
    public List<ShardRollover> rollStreamShards() {
        List<ShardRollover> rollovers = new ArrayList<>();
        for (String name : tableNames()) {
            try {
                withTable(name, table -> table.stream().map(s -> rollovers.add(s.rollover(now()))));
            } catch (ApiException deletedMeanwhile) {
                // a table deleted since it was listed has no stream left to roll
            }
        }
        return rollovers;
    }

    public List<StreamLog> streams() {
        synchronized (streams) {
            forgetExpiredStreams();
            return new ArrayList<>(streams.values());
        }
    }

    public Optional<StreamLog> stream(String arn) {
        synchronized (streams) {
            forgetExpiredStreams();
            return Optional.ofNullable(streams.get(arn));
        }
    }

    /** A closed stream stays readable for the retention period, then it is gone, as on AWS. */
    private void forgetExpiredStreams() {
        Instant horizon = now().minus(StreamLog.RETENTION);
        streams.values().removeIf(s -> s.disabledAt().map(d -> d.isBefore(horizon)).orElse(false));
    }
}
