package dev.ferry.local.faults;

import dev.ferry.local.dynamodb.faults.DynamoDbFaultPlan;
import dev.ferry.local.faults.outage.OutagePlan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which faults to inject and how often: a probability per {@link Fault}, a seed that makes the choices
 * repeatable, and optionally the functions they apply to (all when empty); the service outages the
 * functions' calls may meet ({@link OutagePlan}); and the embedded DynamoDB's own faults
 * ({@link DynamoDbFaultPlan}).
 *
 * <p>Text form, as in {@code FERRY_FAULTS} or {@code -Dferry.faults}:
 * {@code duplicate:0.5,crash-before:0.1,crash-after:0.1,throttle:0.05,seed:42,functions:orders-relay|payments},
 * plus the {@code outage...} keys of {@link OutagePlan} (e.g. {@code outage-switch:sns|kinesis}) and the
 * {@code ddb-*} keys ({@code ddb-conflict}, {@code ddb-throttle}, {@code ddb-transaction-hold},
 * {@code ddb-operations}, {@code ddb-tables}), which share the plan's seed; {@code functions} applies to
 * neither.
 */
public record FaultPlan(Map<Fault, Double> probabilities, long seed, Set<String> functions, OutagePlan outages,
                        DynamoDbFaultPlan dynamodb) {

    public static final String ENV = "FERRY_FAULTS";
    public static final String PROPERTY = "ferry.faults";

    public FaultPlan {
        EnumMap<Fault, Double> copy = new EnumMap<>(Fault.class);
        probabilities.forEach((fault, p) -> {
            if (p == null || p < 0 || p > 1 || p.isNaN()) {
                throw new IllegalArgumentException("probability of " + fault.key() + " must be between 0 and 1, was " + p);
            }
            if (p > 0) {
                copy.put(fault, p);
            }
        });
        probabilities = Collections.unmodifiableMap(copy);
        functions = Set.copyOf(functions);
        Objects.requireNonNull(outages, "outages");
        dynamodb = dynamodb.withSeed(seed);
    }

    /** A plan of Lambda faults only. */
    public FaultPlan(Map<Fault, Double> probabilities, long seed, Set<String> functions) {
        this(probabilities, seed, functions, OutagePlan.none(), DynamoDbFaultPlan.none());
    }

    /** This plan with {@code plan} as its outage part. */
    public FaultPlan withOutages(OutagePlan plan) {
        return new FaultPlan(probabilities, seed, functions, plan, dynamodb);
    }

    /** The same plan with these DynamoDB faults. */
    public FaultPlan withDynamoDb(DynamoDbFaultPlan plan) {
        return new FaultPlan(probabilities, seed, functions, outages, plan);
    }

    /** No faults. */
    public static FaultPlan none() {
        return new FaultPlan(Map.of(), 0, Set.of());
    }

    public static FaultPlan of(Map<Fault, Double> probabilities, long seed) {
        return new FaultPlan(probabilities, seed, Set.of());
    }

    /** The plan from {@code -Dferry.faults}, else {@code FERRY_FAULTS}, else none. */
    public static FaultPlan fromEnvironment() {
        return Optional.ofNullable(System.getProperty(PROPERTY))
                .or(() -> Optional.ofNullable(System.getenv(ENV)))
                .filter(s -> !s.isBlank())
                .map(FaultPlan::parse)
                .orElseGet(FaultPlan::none);
    }

    /** Parses the text form; an unknown key or a bad number is an error that says what is allowed. */
    public static FaultPlan parse(String text) {
        EnumMap<Fault, Double> probabilities = new EnumMap<>(Fault.class);
        long seed = 0;
        Set<String> functions = new LinkedHashSet<>();
        Map<String, String> outageEntries = new LinkedHashMap<>();
        List<String> dynamodb = new ArrayList<>();
        for (String part : text.split(",")) {
            String entry = part.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("fault entry '" + entry + "' must be key:value, e.g. duplicate:0.5");
            }
            String key = entry.substring(0, colon).trim();
            String value = entry.substring(colon + 1).trim();
            if (OutagePlan.isKey(key)) {
                outageEntries.put(key, value);
                continue;
            }
            if (DynamoDbFaultPlan.isKey(key)) {
                dynamodb.add(entry);
                continue;
            }
            try {
                switch (key.toLowerCase()) {
                    case "seed" -> seed = Long.parseLong(value);
                    case "functions" -> {
                        for (String f : value.split("\\|")) {
                            if (!f.isBlank()) {
                                functions.add(f.trim());
                            }
                        }
                    }
                    default -> probabilities.put(lambdaFault(key), Double.parseDouble(value));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("fault entry '" + entry + "' needs a number after the colon", e);
            }
        }
        return new FaultPlan(probabilities, seed, functions, OutagePlan.parse(outageEntries),
                DynamoDbFaultPlan.parse(String.join(",", dynamodb)));
    }

    private static Fault lambdaFault(String key) {
        try {
            return Fault.ofKey(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage()
                    + "; outages: outage, outage-switch, outage-functions, outage-kind, outage-after, outage-for"
                    + "; DynamoDB faults: ddb-conflict, ddb-throttle, ddb-transaction-hold, ddb-operations, ddb-tables", e);
        }
    }

    /** No invocation faults, no outages and no DynamoDB faults. */
    public boolean isEmpty() {
        return probabilities.isEmpty() && outages.isEmpty() && dynamodb.isEmpty();
    }

    public double probability(Fault fault) {
        return probabilities.getOrDefault(fault, 0.0);
    }

    /** Whether the plan covers a function, matched by name (or ARN). */
    public boolean appliesTo(String functionName) {
        return functions.isEmpty() || functions.contains(functionName);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        probabilities.forEach((f, p) -> sb.append(sb.isEmpty() ? "" : ",").append(f.key()).append(':').append(p));
        dynamodb.entries().forEach(e -> sb.append(sb.isEmpty() ? "" : ",").append(e));
        if (!sb.isEmpty()) {
            sb.append(",seed:").append(seed);
            if (!functions.isEmpty()) {
                sb.append(",functions:").append(String.join("|", functions));
            }
        }
        outages.entries().forEach(e -> sb.append(sb.isEmpty() ? "" : ",").append(e));
        return sb.isEmpty() ? "none" : sb.toString();
    }
}
