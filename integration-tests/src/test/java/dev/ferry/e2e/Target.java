package dev.ferry.e2e;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Where the end-to-end suite runs the workflow's data plane, chosen by {@code FERRY_TARGET}:
 * {@code embedded} (default: Ferry's own local cloud), {@code endpoint} (an AWS-compatible endpoint already
 * running at {@code AWS_ENDPOINT_URL}, e.g. LocalStack) or {@code localstack} (LocalStack started by
 * Testcontainers, which needs a Docker engine). The functions always run in this JVM.
 */
sealed interface Target {

    String ENV = "FERRY_TARGET";
    String ENDPOINT_ENV = "AWS_ENDPOINT_URL";

    record Embedded() implements Target {
    }

    record Endpoint(URI uri) implements Target {
    }

    record LocalStack() implements Target {
    }

    /** The requested target cannot run here; every test is skipped with this reason. */
    record Unavailable(String reason) implements Target {
    }

    /** Whether the data plane is Ferry's embedded one (SNS can then call the in-process functions). */
    default boolean embedded() {
        return this instanceof Embedded;
    }

    /** System property that overrides {@code FERRY_TARGET} (handy in an IDE, and for testing the skip path). */
    String PROPERTY = "ferry.target";

    static Target fromEnvironment() {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        Optional.ofNullable(System.getProperty(PROPERTY)).ifPresent(value -> env.put(ENV, value));
        return select(env, LocalStackContainer::dockerAvailable);
    }

    /**
     * Chooses the target. {@code dockerAvailable} is asked only for {@code localstack}, so the default run
     * never touches Docker.
     */
    static Target select(Map<String, String> env, BooleanSupplier dockerAvailable) {
        String name = Optional.ofNullable(env.get(ENV)).map(String::trim).filter(s -> !s.isEmpty()).orElse("embedded");
        return switch (name.toLowerCase()) {
            case "embedded" -> new Embedded();
            case "endpoint" -> Optional.ofNullable(env.get(ENDPOINT_ENV)).map(String::trim).filter(s -> !s.isEmpty())
                    .<Target>map(url -> new Endpoint(URI.create(url)))
                    .orElseGet(() -> new Unavailable(ENV + "=endpoint needs " + ENDPOINT_ENV
                            + " (e.g. http://localhost:4566 for a running LocalStack)"));
            case "localstack" -> dockerAvailable.getAsBoolean()
                    ? new LocalStack()
                    : new Unavailable(ENV + "=localstack needs a Docker engine for Testcontainers and none is"
                            + " reachable here; start Docker, or run LocalStack yourself and use " + ENV
                            + "=endpoint with " + ENDPOINT_ENV + " (see docs/localstack.md)");
            default -> new Unavailable("unknown " + ENV + " '" + name + "': use embedded, endpoint or localstack");
        };
    }
}
