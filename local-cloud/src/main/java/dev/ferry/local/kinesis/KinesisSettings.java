package dev.ferry.local.kinesis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to run Kinesis: which engine, and for kinesis-mock how to run it.
 *
 * @param engine               {@link Engine#EMULATOR} (Ferry's in-process emulator, the default) or
 *                             {@link Engine#KINESIS_MOCK} (npm {@code kinesis-local} as a Node.js child process); the
 *                             default comes from {@value #ENGINE_PROPERTY} / {@value #ENGINE_ENV}
 * @param port                 the loopback port clients use (the validating front before kinesis-mock); 0 picks a free one
 * @param region               default region of streams and their ARNs
 * @param accountId            default twelve-digit account of streams and their ARNs
 * @param streamTransitionTime how long a stream stays CREATING/DELETING/UPDATING (kinesis-mock's default is
 *                             500 ms; AWS takes seconds). Short keeps tests fast; non-zero keeps waiters honest.
 *                             Both engines honour it.
 * @param startTimeout         kinesis-mock: how long to wait for the first answer before giving up
 * @param packageDir           kinesis-mock: the {@code node_modules/kinesis-local} directory; empty to locate it
 *                             (see {@link KinesisMockPackage#locate})
 * @param node                 kinesis-mock: the Node.js executable
 */
public record KinesisSettings(Engine engine, int port, String region, String accountId, Duration streamTransitionTime,
                              Duration startTimeout, Optional<Path> packageDir, String node) {

    public static final String ENGINE_PROPERTY = "ferry.kinesis.engine";
    public static final String ENGINE_ENV = "FERRY_KINESIS_ENGINE";

    /** What serves Kinesis behind the endpoint clients are given. */
    public enum Engine {
        /** Ferry's in-process emulator ({@code dev.ferry.local.kinesis.emulator}): no Node.js, no second process. */
        EMULATOR("emulator"),
        /** kinesis-mock 0.6.2 as a Node.js child process behind the validating front, as before the emulator. */
        KINESIS_MOCK("kinesis-mock");

        private final String label;

        Engine(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** {@code emulator} or {@code kinesis-mock} (case and {@code _}/{@code -} do not matter). */
        public static Engine parse(String text) {
            String t = text.trim().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            for (Engine e : values()) {
                if (e.label.equals(t)) {
                    return e;
                }
            }
            throw new IllegalArgumentException(ENGINE_PROPERTY + " / " + ENGINE_ENV + " must be 'emulator' or 'kinesis-mock', not '"
                    + text + "'");
        }

        /** From {@value #ENGINE_PROPERTY}, else {@value #ENGINE_ENV}, else {@link #EMULATOR}. */
        static Engine configured() {
            return Optional.ofNullable(System.getProperty(ENGINE_PROPERTY))
                    .or(() -> Optional.ofNullable(System.getenv(ENGINE_ENV)))
                    .filter(s -> !s.isBlank())
                    .map(Engine::parse)
                    .orElse(EMULATOR);
        }
    }

    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_ACCOUNT_ID = "000000000000";

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    public KinesisSettings {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(streamTransitionTime, "streamTransitionTime");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(packageDir, "packageDir");
        Objects.requireNonNull(node, "node");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("Kinesis port must be 0 (any free port) or 1-65535, was " + port);
        }
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("Kinesis region must look like an AWS region such as us-east-1, was '" + region + "'");
        }
        if (!ACCOUNT_ID.matcher(accountId).matches()) {
            throw new IllegalArgumentException("Kinesis account id must be twelve digits, was '" + accountId + "'");
        }
        if (streamTransitionTime.isNegative() || startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("Kinesis durations must not be negative and the start timeout must be positive");
        }
    }

    /**
     * The engine of {@link Engine#configured()}, a free port, us-east-1, account 000000000000, streams ACTIVE after 100 ms, 30 s to start, the package
     * located from {@code ferry.home} / {@code FERRY_HOME} or the working directory, {@code node} from the
     * {@code ferry.node} property, the {@code FERRY_NODE} variable or the PATH.
     */
    public static KinesisSettings defaults() {
        String node = Optional.ofNullable(System.getProperty("ferry.node"))
                .or(() -> Optional.ofNullable(System.getenv("FERRY_NODE")))
                .filter(s -> !s.isBlank())
                .orElse("node");
        return new KinesisSettings(Engine.configured(), 0, DEFAULT_REGION, DEFAULT_ACCOUNT_ID, Duration.ofMillis(100),
                Duration.ofSeconds(30), Optional.empty(), node);
    }

    public KinesisSettings withEngine(Engine newEngine) {
        return new KinesisSettings(newEngine, port, region, accountId, streamTransitionTime, startTimeout, packageDir, node);
    }

    public KinesisSettings withPort(int newPort) {
        return new KinesisSettings(engine, newPort, region, accountId, streamTransitionTime, startTimeout, packageDir, node);
    }

    public KinesisSettings withRegion(String newRegion) {
        return new KinesisSettings(engine, port, newRegion, accountId, streamTransitionTime, startTimeout, packageDir, node);
    }

    public KinesisSettings withAccountId(String newAccountId) {
        return new KinesisSettings(engine, port, region, newAccountId, streamTransitionTime, startTimeout, packageDir, node);
    }

    public KinesisSettings withStreamTransitionTime(Duration newTime) {
        return new KinesisSettings(engine, port, region, accountId, newTime, startTimeout, packageDir, node);
    }

    public KinesisSettings withStartTimeout(Duration newTimeout) {
        return new KinesisSettings(engine, port, region, accountId, streamTransitionTime, newTimeout, packageDir, node);
    }

    public KinesisSettings withPackageDir(Path newPackageDir) {
        return new KinesisSettings(engine, port, region, accountId, streamTransitionTime, startTimeout,
                Optional.of(newPackageDir), node);
    }

    public KinesisSettings withNode(String newNode) {
        return new KinesisSettings(engine, port, region, accountId, streamTransitionTime, startTimeout, packageDir, newNode);
    }
}
