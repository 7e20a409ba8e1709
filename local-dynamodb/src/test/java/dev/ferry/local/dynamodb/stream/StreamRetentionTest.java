package dev.ferry.local.dynamodb.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ferry.local.dynamodb.DynamoDbEmulator;
import dev.ferry.local.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Time-dependent stream rules, on an emulator of its own whose clock the test moves: iterators expire
 * after 15 minutes, records are trimmed after 24 hours, closed streams disappear after 24 hours. Shards do
 * not roll over by the clock here, so trimming within one open shard stays visible; rollovers and the
 * trimming of closed shards are {@link StreamShardLineageTest}'s subject.
 */
class StreamRetentionTest {
    private static final MutableClock clock = new MutableClock(Instant.now());
    private static DynamoDbEmulator emulator;
    private static DynamoDbClient dynamodb;
    private static DynamoDbStreamsClient streams;

    @BeforeAll
    static void start() {
        emulator = DynamoDbEmulator.builder().clock(clock).ttlSweepInterval(Duration.ofHours(1))
                .streamShardRollover(Duration.ofDays(3650)).start();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"));
        dynamodb = DynamoDbClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        streams = DynamoDbStreamsClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static String streamedTable(String name) {
        dynamodb.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE)));
        return dynamodb.describeTable(b -> b.tableName(name)).table().latestStreamArn();
    }

    /** Writes version {@code version} of the table's one item, so that every record lands on one shard. */
    private static void put(String table, String version) {
        dynamodb.putItem(b -> b.tableName(table).item(Map.of("id", AttributeValue.fromS("the-item"), "version", AttributeValue.fromS(version))));
    }

    /** The shard the table's one item goes to: the one whose slot its partition key hashes to. */
    private static String shardOfTheItem(String arn) {
        var shards = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards();
        return shards.get(PartitionKeyHash.slotOf(new dev.ferry.local.dynamodb.model.Value.S("the-item"), shards.size())).shardId();
    }

    private static String trimHorizon(String arn) {
        String shard = shardOfTheItem(arn);
        return streams.getShardIterator(b -> b.streamArn(arn).shardId(shard).shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
    }

    @Test
    void iteratorsExpireAfterFifteenMinutes() {
        String arn = streamedTable("expiry");
        String iterator = trimHorizon(arn);
        clock.advance(Duration.ofMinutes(14));
        var page = streams.getRecords(b -> b.shardIterator(iterator));
        clock.advance(Duration.ofMinutes(16));
        assertThat(catchThrowableOfType(ExpiredIteratorException.class, () -> streams.getRecords(b -> b.shardIterator(page.nextShardIterator()))))
                .isNotNull();
    }

    @Test
    void recordsOlderThan24HoursAreTrimmed() {
        String arn = streamedTable("retention");
        put("retention", "old");
        String shard = shardOfTheItem(arn);
        String oldSequence = streams.getRecords(b -> b.shardIterator(trimHorizon(arn))).records().getFirst().dynamodb().sequenceNumber();
        clock.advance(Duration.ofHours(23).plusMinutes(50));
        String staleIterator = trimHorizon(arn);
        put("retention", "new");
        clock.advance(Duration.ofMinutes(11));
        var fromHorizon = streams.getRecords(b -> b.shardIterator(trimHorizon(arn))).records();
        assertThat(fromHorizon).extracting(r -> r.dynamodb().newImage().get("version").s()).containsExactly("new");
        assertThat(catchThrowableOfType(TrimmedDataAccessException.class, () -> streams.getRecords(b -> b.shardIterator(staleIterator))))
                .isNotNull();
        assertThat(catchThrowableOfType(TrimmedDataAccessException.class, () -> streams.getShardIterator(b -> b.streamArn(arn)
                .shardId(shard).shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).sequenceNumber(oldSequence))))
                .isNotNull();
    }

    @Test
    void closedStreamsDisappearAfterTheRetentionPeriod() {
        String arn = streamedTable("forgotten");
        dynamodb.updateTable(b -> b.tableName("forgotten").streamSpecification(s -> s.streamEnabled(false)));
        assertThat(streams.describeStream(b -> b.streamArn(arn)).streamDescription().streamStatusAsString()).isEqualTo("DISABLED");
        clock.advance(Duration.ofHours(25));
        var e = catchThrowableOfType(DynamoDbException.class, () -> streams.describeStream(b -> b.streamArn(arn)));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
    }
}
