package dev.ferry.local.faults;

import dev.ferry.local.dynamodb.faults.DynamoDbFaultPlan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which faults to inject and how often: a probability per {@link Fault}, a seed that makes the choices
 * repeatable, and optionally the functions they apply to (all when empty).
 *
 * <p>Text form, as in {@code FERRY_FAULTS} or {@code -Dferry.faults}:
 * {@code duplicate:0.5,crash-before:0.1,crash-after:0.1,throttle:0.05,seed:42,functions:orders-relay|payments}.
 *
 * <p>The {@code ddb-*} keys ({@code ddb-conflict}, {@code ddb-throttle}, {@code ddb-transaction-hold},
 * {@code ddb-operations}, {@code ddb-tables}) are the embedded DynamoDB's own faults, {@link #dynamodb()},
 * sharing the plan's seed; {@code functions} does not apply to them.
 */
public record FaultPlan(Map<Fault, Double> probabilities, long seed, Set<String> functions, DynamoDbFaultPlan dynamodb) {

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
        dynamodb = dynamodb.withSeed(seed);
    }

    /** A plan of Lambda faults only. */
    public FaultPlan(Map<Fault, Double> probabilities, long seed, Set<String> functions) {
        this(probabilities, seed, functions, DynamoDbFaultPlan.none());
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
        return new FaultPlan(probabilities, seed, functions, DynamoDbFaultPlan.parse(String.join(",", dynamodb)));
    }

    private static Fault lambdaFault(String key) {
        try {
            return Fault.ofKey(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage()
                    + "; DynamoDB faults: ddb-conflict, ddb-throttle, ddb-transaction-hold, ddb-operations, ddb-tables", e);
        }
    }

    /** The same plan with these DynamoDB faults. */
    public FaultPlan withDynamoDb(DynamoDbFaultPlan plan) {
        return new FaultPlan(probabilities, seed, functions, plan);
    }

    /** True when neither Lambda nor DynamoDB faults are asked for. */
    public boolean isEmpty() {
        return probabilities.isEmpty() && dynamodb.isEmpty();
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
        if (sb.isEmpty()) {
            return "none";
        }
        sb.append(",seed:").append(seed);
        if (!functions.isEmpty()) {
            sb.append(",functions:").append(String.join("|", functions));
        }
        return sb.toString();
    }
}
