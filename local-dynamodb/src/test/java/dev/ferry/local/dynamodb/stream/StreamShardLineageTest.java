package dev.ferry.local.dynamodb.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ferry.local.dynamodb.DynamoDbEmulator;
import dev.ferry.local.testing.MutableClock;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardFilterType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Shard lineage on the emulator: rollovers by the emulator's clock and by the {@code rollStreamShards}
 * hook, closed shards with their ending sequence numbers, readers moving from a parent to its child,
 * DescribeStream pages and filters, and closed shards trimmed away after retention. Emulator-only: AWS
 * offers no way to force a rollover or to move its clock.
 */
class StreamShardLineageTest {
    private static final int SHARDS = 4;
    private static final String TABLE = "lineage";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));
    private DynamoDbEmulator emulator;
    private DynamoDbClient dynamodb;
    private DynamoDbStreamsClient streams;
    private String streamArn;

    @BeforeEach
    void start() {
        emulator = DynamoDbEmulator.builder().clock(clock).ttlSweepInterval(Duration.ofHours(1)).streamShards(SHARDS).start();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"));
        dynamodb = DynamoDbClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        streams = DynamoDbStreamsClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        streamArn = dynamodb.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                        .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                        .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE)))
                .tableDescription().latestStreamArn();
    }

    @AfterEach
    void stop() {
        dynamodb.close();
        streams.close();
        emulator.close();
    }

    private void put(String id, int version) {
        dynamodb.putItem(b -> b.tableName(TABLE).item(Map.of("id", AttributeValue.fromS(id), "v", AttributeValue.fromN(Integer.toString(version)))));
    }

    private List<Shard> shards() {
        List<Shard> shards = new ArrayList<>();
        String last = null;
        do {
            String start = last;
            var description = streams.describeStream(b -> b.streamArn(streamArn).exclusiveStartShardId(start)).streamDescription();
            shards.addAll(description.shards());
            last = description.lastEvaluatedShardId();
        } while (last != null);
        return shards;
    }

    private Shard shard(String shardId) {
        return shards().stream().filter(s -> s.shardId().equals(shardId)).findFirst()
                .orElseThrow(() -> new AssertionError(shardId + " is not listed"));
    }

    private String trimHorizon(String shardId) {
        return streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
    }

    /** The newest shard that holds records of this item (shards are listed parents first). */
    private String shardOf(String id) {
        String newest = null;
        for (Shard s : shards()) {
            var records = streams.getRecords(b -> b.shardIterator(trimHorizon(s.shardId()))).records();
            if (records.stream().anyMatch(r -> r.dynamodb().keys().get("id").s().equals(id))) newest = s.shardId();
        }
        return Optional.ofNullable(newest).orElseThrow(() -> new AssertionError("no shard holds a record of " + id));
    }

    private static List<String> versions(List<Record> records) {
        return records.stream().map(r -> r.dynamodb().newImage().get("v").n()).toList();
    }

    private static boolean open(Shard s) {
        return s.sequenceNumberRange().endingSequenceNumber() == null;
    }

    @Test
    void aRolloverClosesEveryOpenShardAndOpensAChildThatNamesItsParent() {
        put("k", 1);
        String parent = shardOf("k");
        List<Shard> before = shards();
        assertThat(before).hasSize(SHARDS).allMatch(StreamShardLineageTest::open).allMatch(s -> s.parentShardId() == null);

        ShardRollover rollover = emulator.rollStreamShards(TABLE);

        assertThat(rollover.streamArn()).isEqualTo(streamArn);
        assertThat(rollover.closedShardIds()).containsExactlyElementsOf(before.stream().map(Shard::shardId).toList());
        List<Shard> after = shards();
        assertThat(after).hasSize(2 * SHARDS);
        for (int i = 0; i < SHARDS; i++) {
            Shard closed = shard(rollover.closedShardIds().get(i));
            Shard child = shard(rollover.openedShardIds().get(i));
            assertThat(open(closed)).as("the parent is closed").isFalse();
            assertThat(open(child)).as("the child is open").isTrue();
            assertThat(child.parentShardId()).isEqualTo(closed.shardId());
            assertThat(new BigInteger(child.sequenceNumberRange().startingSequenceNumber()))
                    .isGreaterThan(new BigInteger(closed.sequenceNumberRange().endingSequenceNumber()));
        }
        String lastOfParent = streams.getRecords(b -> b.shardIterator(trimHorizon(parent))).records().getLast().dynamodb().sequenceNumber();
        assertThat(shard(parent).sequenceNumberRange().endingSequenceNumber())
                .as("a closed shard ends at its last record").isEqualTo(lastOfParent);
    }

    @Test
    void aParentReadToItsEndHasNoNextIteratorAndThePartitionKeyContinuesInTheChild() {
        put("k", 1);
        put("k", 2);
        String parent = shardOf("k");
        String iterator = trimHorizon(parent);
        ShardRollover rollover = emulator.rollStreamShards(TABLE);
        put("k", 3);
        put("k", 4);

        GetRecordsResponse last = streams.getRecords(b -> b.shardIterator(iterator));
        assertThat(versions(last.records())).containsExactly("1", "2");
        assertThat(last.nextShardIterator()).as("the end of a closed shard").isNull();

        String child = rollover.openedShardIds().get(rollover.closedShardIds().indexOf(parent));
        assertThat(shardOf("k")).as("the key's shard is now the child").isEqualTo(child);
        var childPage = streams.getRecords(b -> b.shardIterator(trimHorizon(child)));
        assertThat(versions(childPage.records())).containsExactly("3", "4");
        assertThat(childPage.nextShardIterator()).as("an open shard goes on").isNotNull();
    }

    @Test
    void shardsRollOverWhenTheEmulatorClockPassesTheRolloverInterval() {
        assertThat(emulator.streamSettings().rolloverInterval()).isEqualTo(Duration.ofHours(4));
        put("k", 1);
        String parent = shardOf("k");
        clock.advance(Duration.ofHours(4).minusSeconds(1));
        assertThat(shards()).hasSize(SHARDS).allMatch(StreamShardLineageTest::open);

        clock.advance(Duration.ofSeconds(1));
        put("k", 2);

        List<Shard> shards = shards();
        assertThat(shards).hasSize(2 * SHARDS);
        assertThat(shards.stream().filter(StreamShardLineageTest::open)).hasSize(SHARDS)
                .allSatisfy(s -> assertThat(s.parentShardId()).isNotNull());
        Shard child = shards.stream().filter(s -> parent.equals(s.parentShardId())).findFirst().orElseThrow();
        assertThat(versions(streams.getRecords(b -> b.shardIterator(trimHorizon(parent))).records())).containsExactly("1");
        assertThat(versions(streams.getRecords(b -> b.shardIterator(trimHorizon(child.shardId()))).records())).containsExactly("2");
    }

    @Test
    void describeStreamPagesThroughEveryShardWithParentsBeforeChildren() {
        // Three rollovers within one instant of the emulator's clock still list in lineage order.
        for (int i = 0; i < 3; i++) emulator.rollStreamShards(TABLE);
        List<Shard> paged = new ArrayList<>();
        String last = null;
        int pages = 0;
        do {
            String start = last;
            var description = streams.describeStream(b -> b.streamArn(streamArn).limit(3).exclusiveStartShardId(start)).streamDescription();
            assertThat(description.shards()).hasSizeLessThanOrEqualTo(3);
            paged.addAll(description.shards());
            last = description.lastEvaluatedShardId();
            pages++;
        } while (last != null);

        assertThat(paged).hasSize(4 * SHARDS).extracting(Shard::shardId).doesNotHaveDuplicates();
        assertThat(pages).isEqualTo(6);
        Set<String> seen = new HashSet<>();
        for (Shard s : paged) {
            if (s.parentShardId() != null) assertThat(seen).as("the parent of %s comes first", s.shardId()).contains(s.parentShardId());
            seen.add(s.shardId());
        }
        var all = streams.describeStream(b -> b.streamArn(streamArn)).streamDescription();
        assertThat(all.shards()).hasSize(4 * SHARDS);
        assertThat(all.lastEvaluatedShardId()).as("nothing follows the last page").isNull();
    }

    @Test
    void aShardFilterListsOnlyTheChildrenOfOneShard() {
        ShardRollover first = emulator.rollStreamShards(TABLE);
        emulator.rollStreamShards(TABLE);
        String parent = first.closedShardIds().get(1);

        var children = streams.describeStream(b -> b.streamArn(streamArn)
                .shardFilter(f -> f.type(ShardFilterType.CHILD_SHARDS).shardId(parent))).streamDescription().shards();

        assertThat(children).extracting(Shard::shardId).containsExactly(first.openedShardIds().get(1));
        assertThat(children.getFirst().parentShardId()).isEqualTo(parent);
    }

    @Test
    void closedShardsAreTrimmedAway24HoursAfterTheirLastRecord() {
        put("k", 1);
        String parent = shardOf("k");
        clock.advance(Duration.ofHours(1));
        ShardRollover rollover = emulator.rollStreamShards(TABLE);
        String child = rollover.openedShardIds().get(rollover.closedShardIds().indexOf(parent));
        clock.advance(Duration.ofHours(1));
        put("k", 2);

        clock.advance(Duration.ofHours(22).plusSeconds(5));
        Set<String> listed = new HashSet<>(shards().stream().map(Shard::shardId).toList());
        assertThat(listed).as("the parent's last record is past retention").doesNotContain(parent);
        assertThat(listed).as("its empty siblings, closed an hour later, are not yet")
                .containsAll(rollover.closedShardIds().stream().filter(id -> !id.equals(parent)).toList());
        assertThat(shard(child).parentShardId()).as("a child keeps naming its trimmed parent").isEqualTo(parent);
        assertThat(versions(streams.getRecords(b -> b.shardIterator(trimHorizon(child))).records())).containsExactly("2");
        var gone = catchThrowableOfType(ResourceNotFoundException.class, () -> trimHorizon(parent));
        assertThat(gone.getMessage()).contains(parent);

        clock.advance(Duration.ofHours(2));
        listed = new HashSet<>(shards().stream().map(Shard::shardId).toList());
        assertThat(listed).as("every shard of the first generation is gone, and the child with its last record")
                .doesNotContainAnyElementsOf(rollover.closedShardIds()).doesNotContain(child);
        assertThat(listed).as("the stream always has its open shards").hasSizeGreaterThanOrEqualTo(SHARDS);
    }

    @Test
    void disablingTheStreamClosesEveryShardWithoutChildrenAndStopsRollovers() {
        put("k", 1);
        dynamodb.updateTable(b -> b.tableName(TABLE).streamSpecification(s -> s.streamEnabled(false)));
        clock.advance(Duration.ofHours(5));

        List<Shard> shards = shards();
        assertThat(shards).hasSize(SHARDS).noneMatch(StreamShardLineageTest::open);
        assertThatThrownBy(() -> emulator.rollStreamShards(TABLE)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no enabled stream");
    }

    @Test
    void theRolloverHookNamesWhatIsMissing() {
        assertThatThrownBy(() -> emulator.rollStreamShards("no-such-table"))
                .hasMessageContaining("no-such-table").hasMessageContaining("not found");
        dynamodb.createTable(b -> b.tableName("plain").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
        assertThatThrownBy(() -> emulator.rollStreamShards("plain")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("plain has no enabled stream");
        assertThat(emulator.rollStreamShards()).as("every table with a stream, and only those")
                .extracting(ShardRollover::streamArn).containsExactly(streamArn);
    }

    @Test
    void aShardFilterWithoutAShardIdIsRefused() {
        var e = catchThrowableOfType(DynamoDbException.class, () -> streams.describeStream(b -> b.streamArn(streamArn)
                .shardFilter(f -> f.type(ShardFilterType.CHILD_SHARDS))));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(Optional.ofNullable(e.getMessage())).get().asString().contains("ShardId");
    }
}
