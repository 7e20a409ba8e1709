package dev.ferry.local.dynamodb.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which concurrency and capacity errors the DynamoDB emulator raises on its own, and how often.
 *
 * <p>Text form (the {@code ddb-*} entries of {@code FERRY_FAULTS} / {@code ./ferry up --faults}):
 * {@code ddb-conflict:0.05,ddb-throttle:0.05,ddb-transaction-hold:20ms,ddb-operations:PutItem|TransactWriteItems,ddb-tables:dev-accounts,seed:42}.
 *
 * @param conflict        probability that a write meets a transaction that is not there: a PutItem, UpdateItem or
 *                        DeleteItem fails with {@code TransactionConflictException}, an item of a TransactWriteItems
 *                        or TransactGetItems gets the cancellation reason {@code TransactionConflict}
 * @param throttle        probability that a data-plane request, or one item of a batch or transaction, is throttled
 * @param transactionHold how long a TransactWriteItems keeps its items taken before applying them; overlapping
 *                        work meets them and conflicts, as on AWS
 * @param operations      the operations {@code conflict} and {@code throttle} apply to; empty means every data-plane
 *                        operation (control-plane operations are throttled only when named)
 * @param tables          the tables they apply to, by name; empty means all
 * @param seed            makes the sequence of decisions repeatable
 */
public record DynamoDbFaultPlan(double conflict, double throttle, Duration transactionHold,
                                Set<String> operations, Set<String> tables, long seed) {

    /** The operations a made-up conflict can hit: the writes a transaction can be in the way of, and transactions. */
    public static final Set<String> CONFLICT_OPERATIONS =
            Set.of("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "TransactGetItems");
    /** Item reads and writes; throttled with ProvisionedThroughputExceededException (or per item in batches and transactions). */
    public static final Set<String> DATA_PLANE_OPERATIONS = Set.of("GetItem", "PutItem", "UpdateItem", "DeleteItem",
            "Query", "Scan", "BatchGetItem", "BatchWriteItem", "TransactGetItems", "TransactWriteItems");
    /** Table operations AWS throttles with ThrottlingException when called too fast. */
    public static final Set<String> CONTROL_PLANE_OPERATIONS = Set.of("CreateTable", "UpdateTable", "DeleteTable");

    static final String CONFLICT = "ddb-conflict";
    static final String THROTTLE = "ddb-throttle";
    static final String HOLD = "ddb-transaction-hold";
    static final String OPERATIONS = "ddb-operations";
    static final String TABLES = "ddb-tables";
    private static final String KEYS = CONFLICT + ", " + THROTTLE + ", " + HOLD + ", " + OPERATIONS + ", " + TABLES;

    public DynamoDbFaultPlan {
        requireProbability(CONFLICT, conflict);
        requireProbability(THROTTLE, throttle);
        if (transactionHold.isNegative()) {
            throw new IllegalArgumentException(HOLD + " cannot be negative, was " + transactionHold);
        }
        for (String op : operations) {
            if (!DATA_PLANE_OPERATIONS.contains(op) && !CONTROL_PLANE_OPERATIONS.contains(op)) {
                throw new IllegalArgumentException("no DynamoDB fault applies to operation '" + op + "': name some of "
                        + new TreeSet<>(DATA_PLANE_OPERATIONS) + " or " + new TreeSet<>(CONTROL_PLANE_OPERATIONS));
            }
        }
        operations = Set.copyOf(new LinkedHashSet<>(operations));
        tables = Set.copyOf(tables);
    }

    /** No faults: the emulator answers as it always has. */
    public static DynamoDbFaultPlan none() {
        return new DynamoDbFaultPlan(0, 0, Duration.ZERO, Set.of(), Set.of(), 0);
    }

    public DynamoDbFaultPlan withConflict(double probability) {
        return new DynamoDbFaultPlan(probability, throttle, transactionHold, operations, tables, seed);
    }

    public DynamoDbFaultPlan withThrottle(double probability) {
        return new DynamoDbFaultPlan(conflict, probability, transactionHold, operations, tables, seed);
    }

    public DynamoDbFaultPlan withTransactionHold(Duration hold) {
        return new DynamoDbFaultPlan(conflict, throttle, hold, operations, tables, seed);
    }

    /** Limits conflicts and throttling to these operations, e.g. {@code "PutItem", "TransactWriteItems"}. */
    public DynamoDbFaultPlan onlyOperations(String... names) {
        return new DynamoDbFaultPlan(conflict, throttle, transactionHold, Set.of(names), tables, seed);
    }

    /** Limits conflicts and throttling to these tables. */
    public DynamoDbFaultPlan onlyTables(String... names) {
        return new DynamoDbFaultPlan(conflict, throttle, transactionHold, operations, Set.of(names), seed);
    }

    public DynamoDbFaultPlan withSeed(long newSeed) {
        return new DynamoDbFaultPlan(conflict, throttle, transactionHold, operations, tables, newSeed);
    }

    /** True when nothing is injected and transactions are not held. */
    public boolean isEmpty() {
        return conflict == 0 && throttle == 0 && transactionHold.isZero();
    }

    /** Whether a made-up conflict may hit {@code operation} on {@code table}. */
    public boolean conflictsMayHit(String operation, String table) {
        return CONFLICT_OPERATIONS.contains(operation) && (operations.isEmpty() || operations.contains(operation))
                && coversTable(table);
    }

    /** Whether throttling may hit {@code operation} on {@code table}; control-plane operations only when named. */
    public boolean throttlingMayHit(String operation, String table) {
        boolean named = operations.isEmpty() ? DATA_PLANE_OPERATIONS.contains(operation) : operations.contains(operation);
        return named && coversTable(table);
    }

    private boolean coversTable(String table) {
        return tables.isEmpty() || tables.contains(table);
    }

    /** Whether a {@code FERRY_FAULTS} key belongs to this plan. */
    public static boolean isKey(String key) {
        return key.toLowerCase(Locale.ROOT).startsWith("ddb-");
    }

    /**
     * Parses the text form ({@code key:value} entries separated by commas: the {@code ddb-*} keys and
     * {@code seed}); a bad entry is an error that says what is allowed.
     */
    public static DynamoDbFaultPlan parse(String text) {
        DynamoDbFaultPlan plan = none();
        for (String part : text.split(",")) {
            String entry = part.trim();
            if (entry.isEmpty()) continue;
            int colon = entry.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("fault entry '" + entry + "' must be key:value, e.g. ddb-conflict:0.05");
            }
            plan = plan.with(entry.substring(0, colon).trim(), entry.substring(colon + 1).trim());
        }
        return plan;
    }

    /** This plan with one text entry applied, e.g. {@code with("ddb-throttle", "0.1")}. */
    private DynamoDbFaultPlan with(String key, String value) {
        try {
            return switch (key.toLowerCase(Locale.ROOT)) {
                case CONFLICT -> withConflict(Double.parseDouble(value));
                case THROTTLE -> withThrottle(Double.parseDouble(value));
                case HOLD -> withTransactionHold(duration(value));
                case OPERATIONS -> onlyOperations(names(value));
                case TABLES -> onlyTables(names(value));
                case "seed" -> withSeed(Long.parseLong(value));
                default -> throw new IllegalArgumentException("unknown DynamoDB fault '" + key + "': use " + KEYS);
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("fault entry '" + key + ":" + value + "' needs a number after the colon"
                    + (key.equalsIgnoreCase(HOLD) ? ", with ms or s, e.g. " + HOLD + ":20ms" : ""), e);
        }
    }

    private static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
        if (t.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1).trim()) * 1000));
        if (Long.parseLong(t) == 0) return Duration.ZERO;
        throw new NumberFormatException("a hold needs a unit: " + text);
    }

    private static String[] names(String value) {
        return Arrays.stream(value.split("\\|")).map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }

    /** The {@code ddb-*} entries of the text form, without the seed (a {@code FERRY_FAULTS} plan carries one seed). */
    public List<String> entries() {
        List<String> out = new ArrayList<>();
        if (conflict > 0) out.add(CONFLICT + ":" + conflict);
        if (throttle > 0) out.add(THROTTLE + ":" + throttle);
        if (!transactionHold.isZero()) out.add(HOLD + ":" + transactionHold.toMillis() + "ms");
        if (!operations.isEmpty()) out.add(OPERATIONS + ":" + String.join("|", new TreeSet<>(operations)));
        if (!tables.isEmpty()) out.add(TABLES + ":" + String.join("|", new TreeSet<>(tables)));
        return out;
    }

    /** The text form, which {@link #parse} reads back; {@code none} for no faults. */
    @Override
    public String toString() {
        List<String> entries = entries();
        if (entries.isEmpty()) return "none";
        return String.join(",", entries) + ",seed:" + seed;
    }

    private static void requireProbability(String key, double p) {
        if (Double.isNaN(p) || p < 0 || p > 1) {
            throw new IllegalArgumentException("probability of " + key + " must be between 0 and 1, was " + p);
        }
    }
}
