package dev.ferry.local.kinesis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to run kinesis-mock.
 *
 * @param port                 the loopback port clients use (the validating front before kinesis-mock); 0 picks a free one
 * @param region               default region of streams and their ARNs
 * @param accountId            default twelve-digit account of streams and their ARNs
 * @param streamTransitionTime how long a stream stays CREATING/DELETING/UPDATING (kinesis-mock's default is
 *                             500 ms; AWS takes seconds). Short keeps tests fast; non-zero keeps waiters honest.
 * @param startTimeout         how long to wait for the first answer before giving up
 * @param packageDir           the {@code node_modules/kinesis-local} directory; empty to locate it
 *                             (see {@link KinesisMockPackage#locate})
 * @param node                 the Node.js executable
 */
public record KinesisSettings(int port, String region, String accountId, Duration streamTransitionTime,
                              Duration startTimeout, Optional<Path> packageDir, String node) {

    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_ACCOUNT_ID = "000000000000";

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    public KinesisSettings {
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
     * A free port, us-east-1, account 000000000000, streams ACTIVE after 100 ms, 30 s to start, the package
     * located from {@code ferry.home} / {@code FERRY_HOME} or the working directory, {@code node} from the
     * {@code ferry.node} property, the {@code FERRY_NODE} variable or the PATH.
     */
    public static KinesisSettings defaults() {
        String node = Optional.ofNullable(System.getProperty("ferry.node"))
                .or(() -> Optional.ofNullable(System.getenv("FERRY_NODE")))
                .filter(s -> !s.isBlank())
                .orElse("node");
        return new KinesisSettings(0, DEFAULT_REGION, DEFAULT_ACCOUNT_ID, Duration.ofMillis(100),
                Duration.ofSeconds(30), Optional.empty(), node);
    }

    public KinesisSettings withPort(int newPort) {
        return new KinesisSettings(newPort, region, accountId, streamTransitionTime, startTimeout, packageDir, node);
    }

    public KinesisSettings withRegion(String newRegion) {
        return new KinesisSettings(port, newRegion, accountId, streamTransitionTime, startTimeout, packageDir, node);
    }

    public KinesisSettings withAccountId(String newAccountId) {
        return new KinesisSettings(port, region, newAccountId, streamTransitionTime, startTimeout, packageDir, node);
    }

    public KinesisSettings withStreamTransitionTime(Duration newTime) {
        return new KinesisSettings(port, region, accountId, newTime, startTimeout, packageDir, node);
    }

    public KinesisSettings withStartTimeout(Duration newTimeout) {
        return new KinesisSettings(port, region, accountId, streamTransitionTime, newTimeout, packageDir, node);
    }

    public KinesisSettings withPackageDir(Path newPackageDir) {
        return new KinesisSettings(port, region, accountId, streamTransitionTime, startTimeout,
                Optional.of(newPackageDir), node);
    }

    public KinesisSettings withNode(String newNode) {
        return new KinesisSettings(port, region, accountId, streamTransitionTime, startTimeout, packageDir, newNode);
    }
}
