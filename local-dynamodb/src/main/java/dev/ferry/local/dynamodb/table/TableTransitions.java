package dev.ferry.local.dynamodb.table;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * How long tables and indexes stay CREATING, UPDATING and DELETING. AWS takes seconds to minutes, so code
 * that creates a table waits for it (the SDK waiters poll DescribeTable); the emulator's default is instant
 * transitions, which such code passes at its first poll. A delay makes the waiting real, so the waiting code is
 * exercised: data-plane requests on a CREATING table are ResourceNotFoundException, UpdateTable and DeleteTable
 * on a table in transition ResourceInUseException, as on AWS.
 *
 * <p>Settings come from the builder, else the system property {@value #PROPERTY}, else the environment variable
 * {@value #ENV}: one ISO-8601 duration (e.g. {@code PT2S}) for every transition.
 *
 * @param creating how long a new table, or a new global secondary index, is CREATING
 * @param updating how long an updated table is UPDATING
 * @param deleting how long a deleted table, or a deleted index, is DELETING before it is gone
 */
public record TableTransitions(Duration creating, Duration updating, Duration deleting) {
    public static final String PROPERTY = "ferry.dynamodb.tableTransitions";
    public static final String ENV = "FERRY_DYNAMODB_TABLE_TRANSITIONS";

    public TableTransitions {
        for (Duration d : new Duration[] {creating, updating, deleting}) {
            if (d.isNegative()) throw new IllegalArgumentException("a table transition cannot take a negative time: " + d);
        }
    }

    public static TableTransitions instant() {
        return new TableTransitions(Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /** The same delay for every transition. */
    public static TableTransitions taking(Duration each) {
        return new TableTransitions(each, each, each);
    }

    public boolean isInstant() {
        return creating.isZero() && updating.isZero() && deleting.isZero();
    }

    /** The setting of this JVM: the system property, else the environment variable, else instant. */
    public static TableTransitions defaults() {
        return from(System.getProperties(), System.getenv());
    }

    public static TableTransitions from(Properties properties, Map<String, String> environment) {
        return Optional.ofNullable(properties.getProperty(PROPERTY)).or(() -> Optional.ofNullable(environment.get(ENV)))
                .filter(v -> !v.isBlank())
                .map(text -> {
                    try {
                        return taking(Duration.parse(text.trim()));
                    } catch (DateTimeParseException e) {
                        throw new IllegalArgumentException(PROPERTY + " / " + ENV
                                + " must be an ISO-8601 duration such as PT2S (or PT0S for instant transitions), not '" + text + "'", e);
                    }
                })
                .orElse(instant());
    }
}
