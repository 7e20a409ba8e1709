package dev.ferry.local.dynamodb.stream;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * How the emulator shapes table streams: how many shards each stream has open at once, and how long a
 * shard stays open before it is closed and replaced by a child.
 *
 * <p>AWS sizes a stream by the table's partitions and rolls its shards over on its own schedule (not
 * documented; readers observe roughly every four hours). Locally the count is fixed per stream and the
 * rollover runs by the emulator's clock, so both are predictable. The default of several shards makes
 * every local run meet what a reader on AWS meets: records of different items on different shards, read
 * concurrently, ordered only per item.
 *
 * <p>Settings come from the builder, else from a system property, else from an environment variable:
 * {@value #SHARDS_PROPERTY} / {@value #SHARDS_ENV} (a whole number from 1 to {@value #MAX_SHARDS}) and
 * {@value #ROLLOVER_PROPERTY} / {@value #ROLLOVER_ENV} (an ISO-8601 duration such as {@code PT4H}).
 *
 * @param shardCount       shards open at once in each stream; a partition key always maps to the same one
 * @param rolloverInterval how long a shard generation stays open before every shard is closed and gets a child
 */
public record StreamSettings(int shardCount, Duration rolloverInterval) {
    public static final int DEFAULT_SHARD_COUNT = 4;
    public static final int MAX_SHARDS = 100;
    public static final Duration DEFAULT_ROLLOVER_INTERVAL = Duration.ofHours(4);
    public static final String SHARDS_PROPERTY = "ferry.dynamodb.streamShards";
    public static final String SHARDS_ENV = "FERRY_DYNAMODB_STREAM_SHARDS";
    public static final String ROLLOVER_PROPERTY = "ferry.dynamodb.streamShardRollover";
    public static final String ROLLOVER_ENV = "FERRY_DYNAMODB_STREAM_SHARD_ROLLOVER";

    public StreamSettings {
        if (shardCount < 1 || shardCount > MAX_SHARDS) {
            throw new IllegalArgumentException("a stream needs 1 to " + MAX_SHARDS + " shards, not " + shardCount
                    + " (set " + SHARDS_PROPERTY + " or " + SHARDS_ENV + " to such a number, or leave it unset for "
                    + DEFAULT_SHARD_COUNT + ")");
        }
        if (rolloverInterval.isNegative() || rolloverInterval.isZero()) {
            throw new IllegalArgumentException("the shard rollover interval must be positive, not " + rolloverInterval
                    + " (e.g. PT4H; a very long one such as P3650D turns the clock-driven rollover off)");
        }
    }

    /** The settings of this JVM: system properties first, then environment variables, then the defaults. */
    public static StreamSettings defaults() {
        return from(System.getProperties(), System.getenv());
    }

    /** The settings named by these properties or, where a property is absent, by these environment variables. */
    public static StreamSettings from(Properties properties, Map<String, String> environment) {
        int shards = setting(properties, environment, SHARDS_PROPERTY, SHARDS_ENV).map(text -> {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(SHARDS_PROPERTY + " / " + SHARDS_ENV + " must be a whole number from 1 to "
                        + MAX_SHARDS + ", not '" + text + "'", e);
            }
        }).orElse(DEFAULT_SHARD_COUNT);
        Duration rollover = setting(properties, environment, ROLLOVER_PROPERTY, ROLLOVER_ENV).map(text -> {
            try {
                return Duration.parse(text.trim());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(ROLLOVER_PROPERTY + " / " + ROLLOVER_ENV
                        + " must be an ISO-8601 duration such as PT4H or PT30M, not '" + text + "'", e);
            }
        }).orElse(DEFAULT_ROLLOVER_INTERVAL);
        return new StreamSettings(shards, rollover);
    }

    public StreamSettings withShardCount(int count) {
        return new StreamSettings(count, rolloverInterval);
    }

    public StreamSettings withRolloverInterval(Duration interval) {
        return new StreamSettings(shardCount, interval);
    }

    private static Optional<String> setting(Properties properties, Map<String, String> environment, String property, String variable) {
        return Optional.ofNullable(properties.getProperty(property)).or(() -> Optional.ofNullable(environment.get(variable)))
                .filter(v -> !v.isBlank());
    }
}
