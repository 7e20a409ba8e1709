package dev.ferry.local.faults.outage;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An outage as the functions see it: their publishing calls to {@code services} fail the way
 * {@code kind} says, for the functions named (every function when {@code functions} is empty).
 *
 * <pre>{@code
 * Outage.of(OutageService.SNS, OutageService.KINESIS).onlyFor("dev-OutboxRelay")
 * Outage.of(OutageService.KINESIS).failingWith(OutageKind.THROTTLING)
 * }</pre>
 */
public record Outage(Set<OutageService> services, Set<String> functions, OutageKind kind) {

    public Outage {
        if (services.isEmpty()) {
            throw new IllegalArgumentException("an outage needs at least one service: " + Arrays.toString(OutageService.values()));
        }
        services = java.util.Collections.unmodifiableSet(EnumSet.copyOf(services));
        functions = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(functions));
        java.util.Objects.requireNonNull(kind, "kind");
    }

    /** The services unavailable (HTTP 503) for every function. */
    public static Outage of(OutageService first, OutageService... more) {
        EnumSet<OutageService> services = EnumSet.of(first, more);
        return new Outage(services, Set.of(), OutageKind.UNAVAILABLE);
    }

    /** The same outage, for these functions only (by function name). */
    public Outage onlyFor(String... functionNames) {
        return new Outage(services, new LinkedHashSet<>(Arrays.asList(functionNames)), kind);
    }

    public Outage failingWith(OutageKind newKind) {
        return new Outage(services, functions, newKind);
    }

    /** Whether this outage hits calls of {@code function} to {@code service}. */
    public boolean covers(String function, OutageService service) {
        return services.contains(service) && (functions.isEmpty() || functions.contains(function));
    }

    /** This outage without {@code ended}; empty services mean nothing is left of it. */
    Set<OutageService> servicesWithout(Set<OutageService> ended) {
        EnumSet<OutageService> left = EnumSet.copyOf(services);
        left.removeAll(ended);
        return left;
    }

    @Override
    public String toString() {
        return services.stream().map(OutageService::key).collect(Collectors.joining("|")) + " " + kind.key()
                + (functions.isEmpty() ? " for every function" : " for " + String.join(", ", functions));
    }
}
