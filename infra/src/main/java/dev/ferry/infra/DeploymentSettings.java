package dev.ferry.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.constructs.Node;

/**
 * What differs between deployments of the same app: the stage (a prefix of every stack and resource
 * name), the functions jar to deploy, optionally where alarms are sent, and how long an outbox record waits for
 * the relay before the sweeper takes it. Read from CDK context:
 * {@code -c stage=prod -c functionsJar=... -c alarmEmail=ops@example.com -c outboxSweepGraceSeconds=120}.
 */
public record DeploymentSettings(String stage, Path functionsJar, Optional<String> alarmEmail, Duration outboxSweepGrace) {

    public static final String STAGE_CONTEXT_KEY = "stage";
    public static final String FUNCTIONS_JAR_CONTEXT_KEY = "functionsJar";
    public static final String ALARM_EMAIL_CONTEXT_KEY = "alarmEmail";
    /** Seconds an outbox record may wait for the relay before the sweeper publishes it (default 120). */
    public static final String OUTBOX_SWEEP_GRACE_CONTEXT_KEY = "outboxSweepGraceSeconds";
    public static final String DEFAULT_STAGE = "dev";
    public static final String PRODUCTION_STAGE = "prod";
    /** Relative to the repository root (the directory holding cdk.json). */
    public static final String DEFAULT_FUNCTIONS_JAR = "functions/target/ferry-functions.jar";

    // Stage names end up in queue, table and function names: keep them short and DNS-like.
    private static final Pattern STAGE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,15}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    public DeploymentSettings {
        if (!STAGE_NAME.matcher(stage).matches()) {
            throw new IllegalArgumentException("stage '" + stage + "' is not a valid stage name: use 1 to 16 lower-case"
                    + " letters, digits or hyphens, starting with a letter (for example -c stage=dev)");
        }
        if (outboxSweepGrace.toSeconds().longValue() < 1) {
            throw new IllegalArgumentException("outboxSweepGraceSeconds must be at least 1 (for example -c "
                    + OUTBOX_SWEEP_GRACE_CONTEXT_KEY + "=120)");
        }
        alarmEmail.ifPresent(email -> {
            if (!EMAIL.matcher(email).matches()) {
                throw new IllegalArgumentException("alarmEmail '" + email + "' is not an email address"
                        + " (for example -c alarmEmail=ops@example.com)");
            }
        });
    }

    public DeploymentSettings(String stage, Path functionsJar, Optional<String> alarmEmail) {
        this(stage, functionsJar, alarmEmail, Workflow.OUTBOX_SWEEP_GRACE);
    }

    public DeploymentSettings(String stage, Path functionsJar) {
        this(stage, functionsJar, Optional.empty());
    }

    /**
     * Reads the settings from the app's context and checks that the functions jar exists, because an
     * asset that points nowhere would only fail later, at deploy time, with a less helpful message.
     */
    public static DeploymentSettings fromContext(Node appNode) {
        String stage = contextString(appNode, STAGE_CONTEXT_KEY).orElse(DEFAULT_STAGE);
        Path jar = contextString(appNode, FUNCTIONS_JAR_CONTEXT_KEY)
                .map(Path::of)
                .orElse(Path.of(DEFAULT_FUNCTIONS_JAR));
        Path resolved = jar.isAbsolute() ? jar : repositoryRoot(Path.of("").toAbsolutePath()).resolve(jar);
        if (!Files.isRegularFile(resolved)) {
            throw new IllegalStateException("The functions jar " + resolved.normalize() + " does not exist:"
                    + " build the functions first: ./mvnw -pl functions -am package"
                    + " (or point the context key " + FUNCTIONS_JAR_CONTEXT_KEY + " at a built jar: -c "
                    + FUNCTIONS_JAR_CONTEXT_KEY + "=path/to/jar)");
        }
        Duration grace = contextString(appNode, OUTBOX_SWEEP_GRACE_CONTEXT_KEY).map(DeploymentSettings::seconds)
                .orElse(Workflow.OUTBOX_SWEEP_GRACE);
        return new DeploymentSettings(stage, resolved.normalize(), contextString(appNode, ALARM_EMAIL_CONTEXT_KEY), grace);
    }

    public boolean production() {
        return PRODUCTION_STAGE.equals(stage);
    }

    /** Production data survives a stack deletion; every other stage cleans up after itself. */
    public RemovalPolicy removalPolicy() {
        return production() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    }

    /** The physical name of a resource in this stage, e.g. {@code dev-orders}. */
    public String name(String logicalName) {
        return stage + "-" + logicalName;
    }

    public String stackName(String concern) {
        return stage + "-ferry-" + concern;
    }

    private static Duration seconds(String text) {
        try {
            return Duration.seconds(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(OUTBOX_SWEEP_GRACE_CONTEXT_KEY + " '" + text + "' is not a number of seconds"
                    + " (for example -c " + OUTBOX_SWEEP_GRACE_CONTEXT_KEY + "=120)");
        }
    }

    private static Optional<String> contextString(Node node, String key) {
        Object value = node.tryGetContext(key);
        return value == null || value.toString().isBlank() ? Optional.empty() : Optional.of(value.toString().trim());
    }

    /** The nearest directory upwards holding cdk.json; the CLI runs the app from there, tests from infra/. */
    static Path repositoryRoot(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("cdk.json"))) {
                return dir;
            }
        }
        return start;
    }
}
