package dev.ferry.functions;

import java.util.Map;
import java.util.Optional;

/**
 * A function's environment map, read by name with errors that say which variable is missing. Handlers get
 * the map from their constructor (never from {@code System.getenv()}), so the local cloud can run many
 * functions with different environments in one JVM.
 */
public record Environment(Map<String, String> variables) {

    public Environment {
        variables = Map.copyOf(variables);
    }

    public static Environment of(Map<String, String> variables) {
        return new Environment(variables);
    }

    public String required(String name) {
        return optional(name).orElseThrow(() -> new IllegalStateException("environment variable " + name
                + " is not set; the function's deployment (infra/) must set it, see docs/architecture.md"));
    }

    public Optional<String> optional(String name) {
        return Optional.ofNullable(variables.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }
}
