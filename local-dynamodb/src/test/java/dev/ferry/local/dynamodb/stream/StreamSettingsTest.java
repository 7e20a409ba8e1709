package dev.ferry.local.dynamodb.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.local.dynamodb.DynamoDbEmulator;
import dev.ferry.local.dynamodb.model.Value;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Where the shard count and rollover interval come from, and how partition keys map to shards. */
class StreamSettingsTest {

    private static Properties properties(String... namesAndValues) {
        Properties p = new Properties();
        for (int i = 0; i < namesAndValues.length; i += 2) p.setProperty(namesAndValues[i], namesAndValues[i + 1]);
        return p;
    }

    @Test
    void withoutSettingsAStreamHasSeveralShardsThatRollOverEveryFourHours() {
        StreamSettings settings = StreamSettings.from(new Properties(), Map.of());
        assertThat(settings.shardCount()).isEqualTo(4).isGreaterThan(1);
        assertThat(settings.rolloverInterval()).isEqualTo(Duration.ofHours(4));
    }

    @Test
    void aSystemPropertyWinsOverTheEnvironmentVariable() {
        Map<String, String> env = Map.of("FERRY_DYNAMODB_STREAM_SHARDS", "2", "FERRY_DYNAMODB_STREAM_SHARD_ROLLOVER", "PT1H");
        assertThat(StreamSettings.from(new Properties(), env)).isEqualTo(new StreamSettings(2, Duration.ofHours(1)));
        assertThat(StreamSettings.from(properties("ferry.dynamodb.streamShards", "8", "ferry.dynamodb.streamShardRollover", "PT30M"), env))
                .isEqualTo(new StreamSettings(8, Duration.ofMinutes(30)));
    }

    @Test
    void unusableSettingsAreRefusedWithWhatToSetInstead() {
        assertThatThrownBy(() -> StreamSettings.from(properties("ferry.dynamodb.streamShards", "many"), Map.of()))
                .hasMessageContaining("ferry.dynamodb.streamShards").hasMessageContaining("whole number").hasMessageContaining("'many'");
        assertThatThrownBy(() -> StreamSettings.from(new Properties(), Map.of("FERRY_DYNAMODB_STREAM_SHARDS", "0")))
                .hasMessageContaining("1 to 100");
        assertThatThrownBy(() -> StreamSettings.from(properties("ferry.dynamodb.streamShardRollover", "4h"), Map.of()))
                .hasMessageContaining("ISO-8601").hasMessageContaining("PT4H");
        assertThatThrownBy(() -> DynamoDbEmulator.builder().streamShardRollover(Duration.ZERO))
                .hasMessageContaining("must be positive");
        assertThatThrownBy(() -> DynamoDbEmulator.builder().streamShards(101)).hasMessageContaining("1 to 100");
    }

    @Test
    void theBuildersSettingsAreTheEmulators() {
        try (DynamoDbEmulator emulator = DynamoDbEmulator.builder().streamShards(1).streamShardRollover(Duration.ofMinutes(5)).start()) {
            assertThat(emulator.streamSettings()).isEqualTo(new StreamSettings(1, Duration.ofMinutes(5)));
        }
    }

    @Test
    void aPartitionKeyAlwaysMapsToTheSameSlotAndEqualNumbersShareOne() {
        Value key = new Value.S("order-42");
        int slot = PartitionKeyHash.slotOf(key, 4);
        for (int i = 0; i < 10; i++) assertThat(PartitionKeyHash.slotOf(new Value.S("order-42"), 4)).isEqualTo(slot);
        assertThat(PartitionKeyHash.slotOf(new Value.N(new BigDecimal("1.50")), 7))
                .isEqualTo(PartitionKeyHash.slotOf(Value.N.parse("1.5"), 7));
        assertThat(PartitionKeyHash.slotOf(new Value.S("1.5"), 1)).isZero();
    }

    @Test
    void manyPartitionKeysUseEverySlot() {
        Set<Integer> slots = new HashSet<>();
        for (int i = 0; i < 200; i++) slots.add(PartitionKeyHash.slotOf(new Value.S("subject-" + i), 4));
        assertThat(slots).containsExactlyInAnyOrder(0, 1, 2, 3);
    }
}
