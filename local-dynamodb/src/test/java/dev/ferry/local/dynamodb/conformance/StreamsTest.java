package dev.ferry.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;

class StreamsTest extends ConformanceTest {

    private String streamArn(String table) {
        return dynamodb.describeTable(b -> b.tableName(table)).table().latestStreamArn();
    }

    /** The one shard all records of the item {@code id = key} went to (no rollover happens within a test). */
    private String shardOf(String arn, String key) {
        return StreamContents.shardOf(streams, arn, key);
    }

    private String iterator(String arn, String shardId, ShardIteratorType type, String sequence) {
        return streams.getShardIterator(b -> b.streamArn(arn).shardId(shardId).shardIteratorType(type).sequenceNumber(sequence))
                .shardIterator();
    }

    /** Every record, shard by shard: records of one item are in write order, records of different items need not be. */
    private List<Record> readAll(String table) {
        return StreamContents.all(streams, streamArn(table));
    }

    private static String id(Record r) {
        return r.dynamodb().keys().get("id").s();
    }

    @Test
    void everyChangeIsRecordedInOrderWithBothImages() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html "For each item that is modified in a DynamoDB table, the stream records appear in the same sequence as the actual
        //   modifications to the item"; https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_Record.html (eventSource aws:dynamodb, eventVersion, awsRegion)
        //   and API_streams_StreamRecord.html (Keys, images, SequenceNumber of 21 to 40 digits, SizeBytes, ApproximateCreationDateTime)
        // Recorded: scylladb/scylladb test/alternator/test_streams.py test_streams_new_and_old_images, test_streams_1_new_and_old_images;
        //   localstack/localstack tests/aws/services/dynamodb/test_dynamodb.snapshot.json test_dynamodb_stream_records_with_update_item
        String table = streamedTable("images", StreamViewType.NEW_AND_OLD_IMAGES);
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"), "v", n(1))));
        dynamodb.updateItem(b -> b.tableName(table).key(item("id", s("k"))).updateExpression("SET v = :v")
                .expressionAttributeValues(Map.of(":v", n(2))));
        dynamodb.deleteItem(b -> b.tableName(table).key(item("id", s("k"))));
        List<Record> records = readAll(table);
        assertThat(records).extracting(Record::eventName).containsExactly(OperationType.INSERT, OperationType.MODIFY, OperationType.REMOVE);
        Record insert = records.get(0);
        assertThat(insert.dynamodb().keys()).isEqualTo(item("id", s("k")));
        assertThat(insert.dynamodb().newImage()).isEqualTo(item("id", s("k"), "v", n(1)));
        assertThat(insert.dynamodb().oldImage()).isEmpty();
        assertThat(records.get(1).dynamodb().oldImage()).isEqualTo(item("id", s("k"), "v", n(1)));
        assertThat(records.get(1).dynamodb().newImage()).isEqualTo(item("id", s("k"), "v", n(2)));
        assertThat(records.get(2).dynamodb().oldImage()).isEqualTo(item("id", s("k"), "v", n(2)));
        assertThat(records.get(2).dynamodb().newImage()).isEmpty();
        for (Record r : records) {
            assertThat(r.eventSource()).isEqualTo("aws:dynamodb");
            assertThat(r.eventVersion()).isEqualTo("1.1");
            assertThat(r.awsRegion()).isNotBlank();
            assertThat(r.eventID()).isNotBlank();
            assertThat(r.dynamodb().sizeBytes()).isPositive();
            assertThat(r.dynamodb().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
            assertThat(r.dynamodb().approximateCreationDateTime()).isBetween(Instant.now().minus(Duration.ofMinutes(5)), Instant.now().plusSeconds(5));
            assertThat(r.dynamodb().sequenceNumber()).hasSizeGreaterThanOrEqualTo(21).containsOnlyDigits();
        }
        assertThat(records).extracting(r -> new BigInteger(r.dynamodb().sequenceNumber())).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void viewTypesDecideWhichImagesAreKept() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_StreamSpecification.html#DDB-Type-StreamSpecification-StreamViewType
        // Recorded: scylladb/scylladb test/alternator/test_streams.py test_streams_1_keys_only, test_streams_1_new_image, test_streams_1_old_image
        String keysOnly = streamedTable("keysonly", StreamViewType.KEYS_ONLY);
        String newImage = streamedTable("newimage", StreamViewType.NEW_IMAGE);
        String oldImage = streamedTable("oldimage", StreamViewType.OLD_IMAGE);
        for (String t : List.of(keysOnly, newImage, oldImage)) {
            dynamodb.putItem(b -> b.tableName(t).item(item("id", s("k"), "v", n(1))));
            dynamodb.putItem(b -> b.tableName(t).item(item("id", s("k"), "v", n(2))));
        }
        Record k = readAll(keysOnly).get(1);
        assertThat(k.dynamodb().keys()).isEqualTo(item("id", s("k")));
        assertThat(k.dynamodb().hasNewImage() || k.dynamodb().hasOldImage()).isFalse();
        Record n = readAll(newImage).get(1);
        assertThat(n.dynamodb().newImage()).isEqualTo(item("id", s("k"), "v", n(2)));
        assertThat(n.dynamodb().hasOldImage()).isFalse();
        Record o = readAll(oldImage).get(1);
        assertThat(o.dynamodb().oldImage()).isEqualTo(item("id", s("k"), "v", n(1)));
        assertThat(o.dynamodb().hasNewImage()).isFalse();
    }

    @Test
    void writesThatChangeNothingOrFailLeaveNoRecord() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html#Streams.Processing "If you perform a PutItem or UpdateItem operation that does not change any data in an item,
        //   DynamoDB Streams does not write a stream record for that operation"
        // Recorded: scylladb/scylladb test/alternator/test_streams.py test_streams_updateitem_identical, test_streams_updateitem_equal_but_not_identical ("1" and "1.0"),
        //   test_streams_updateitem_delete_missing
        String table = streamedTable("noop", StreamViewType.NEW_AND_OLD_IMAGES);
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"), "v", n(1))));
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"), "v", n(1))));
        dynamodb.updateItem(b -> b.tableName(table).key(item("id", s("k"))).updateExpression("SET v = :v")
                .expressionAttributeValues(Map.of(":v", n("1.0"))));
        dynamodb.deleteItem(b -> b.tableName(table).key(item("id", s("absent"))));
        assertThatThrownBy(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"), "v", n(9)))
                .conditionExpression("attribute_not_exists(id)"))).isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(readAll(table)).extracting(Record::eventName).containsExactly(OperationType.INSERT);
    }

    @Test
    void transactionsAndBatchesProduceOneRecordPerItem() {
        // Recorded: localstack/localstack tests/aws/services/dynamodb/test_dynamodb.snapshot.json test_transact_write_items_streaming,
        //   test_batch_write_items_streaming; scylladb/scylladb test/alternator/test_streams.py test_streams_batch_delete_missing
        String table = streamedTable("txstream", StreamViewType.NEW_IMAGE);
        dynamodb.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item("id", s("a")))).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item("id", s("b")))).build()));
        dynamodb.batchWriteItem(b -> b.requestItems(Map.of(table, List.of(
                WriteRequest.builder().deleteRequest(d -> d.key(item("id", s("a")))).build()))));
        List<String> changes = readAll(table).stream().map(r -> r.eventName() + ":" + id(r)).toList();
        assertThat(changes).containsExactlyInAnyOrder("INSERT:a", "INSERT:b", "REMOVE:a");
        assertThat(changes.indexOf("INSERT:a")).as("the changes of one item stay in order").isLessThan(changes.indexOf("REMOVE:a"));
    }

    @Test
    void iteratorsStartAtTheRequestedPosition() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetShardIterator.html#DDB-streams_GetShardIterator-request-ShardIteratorType
        // Recorded: scylladb/scylladb test/alternator/test_streams.py test_streams_at_sequence_number, test_streams_after_sequence_number, test_streams_last_result
        // One item changed three times: its records share a shard, so positions within it are well defined.
        String table = streamedTable("iterators", StreamViewType.NEW_IMAGE);
        for (int v = 1; v <= 3; v++) {
            int value = v;
            dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"), "v", n(value))));
        }
        String arn = streamArn(table);
        String shard = shardOf(arn, "k");
        List<Record> all = StreamContents.readShard(streams, arn, shard);
        String second = all.get(1).dynamodb().sequenceNumber();
        var at = streams.getRecords(b -> b.shardIterator(iterator(arn, shard, ShardIteratorType.AT_SEQUENCE_NUMBER, second))).records();
        assertThat(at).extracting(r -> r.dynamodb().newImage().get("v").n()).containsExactly("2", "3");
        var after = streams.getRecords(b -> b.shardIterator(iterator(arn, shard, ShardIteratorType.AFTER_SEQUENCE_NUMBER, second))).records();
        assertThat(after).extracting(r -> r.dynamodb().newImage().get("v").n()).containsExactly("3");
        String latest = iterator(arn, shard, ShardIteratorType.LATEST, null);
        var nothingYet = streams.getRecords(b -> b.shardIterator(latest));
        assertThat(nothingYet.records()).isEmpty();
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"), "v", n(4))));
        var fresh = streams.getRecords(b -> b.shardIterator(nothingYet.nextShardIterator())).records();
        assertThat(fresh).extracting(r -> r.dynamodb().newImage().get("v").n()).containsExactly("4");
    }

    @Test
    void getRecordsHonoursLimitAndChainsIterators() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetRecords.html#DDB-streams_GetRecords-request-Limit "The maximum number of records to
        //   return from the shard. The upper limit is 1000"
        // Recorded: scylladb/scylladb test/alternator/test_streams.py test_get_records_too_high_limit, test_streams_another_result
        String table = streamedTable("limit", StreamViewType.KEYS_ONLY);
        for (int i = 0; i < 5; i++) {
            int v = i;
            dynamodb.putItem(b -> b.tableName(table).item(item("id", s("k"), "v", n(v))));
        }
        String arn = streamArn(table);
        var first = streams.getRecords(b -> b.shardIterator(iterator(arn, shardOf(arn, "k"), ShardIteratorType.TRIM_HORIZON, null)).limit(2));
        assertThat(first.records()).hasSize(2);
        var second = streams.getRecords(b -> b.shardIterator(first.nextShardIterator()).limit(2));
        var third = streams.getRecords(b -> b.shardIterator(second.nextShardIterator()).limit(2));
        assertThat(third.records()).hasSize(1);
        assertThat(third.nextShardIterator()).isNotNull();
        assertValidationError(() -> streams.getRecords(b -> b.shardIterator(first.nextShardIterator()).limit(1001)));
    }

    @Test
    void unknownStreamsShardsAndSequenceNumbersAreRefused() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetShardIterator.html#API_streams_GetShardIterator_Errors
        // Recorded: scylladb/scylladb test/alternator/test_streams.py test_get_shard_iterator ("bad shard id" ResourceNotFoundException, "must have seq in these modes" and "bad
        //   seq" ValidationException), test_describe_nonexistent_stream
        String table = streamedTable("unknowns", StreamViewType.KEYS_ONLY);
        String arn = streamArn(table);
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("a"))));
        assertFailsWith("ResourceNotFoundException", () -> streams.describeStream(b -> b.streamArn(arn.replace(table, table + "-nope"))));
        assertFailsWith("ResourceNotFoundException", () -> streams.getShardIterator(b -> b.streamArn(arn)
                .shardId("shardId-00000000000000000000-00000000").shardIteratorType(ShardIteratorType.TRIM_HORIZON)));
        String shard = shardOf(arn, "a");
        assertValidationError(() -> iterator(arn, shard, ShardIteratorType.AT_SEQUENCE_NUMBER, "12"));
        assertValidationError(() -> iterator(arn, shard, ShardIteratorType.AT_SEQUENCE_NUMBER, null));
        assertValidationError(() -> iterator(arn, shard, ShardIteratorType.AT_SEQUENCE_NUMBER, "9".repeat(30)));
    }

    @Test
    void theStreamOfADeletedTableStaysReadable() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.KCLAdapter.Walkthrough.html#Streams.KCLAdapter.Walkthrough.Step5 "Even after the tables are
        //   deleted, their streams remain available for up to 24 hours"
        String table = streamedTable("deleted", StreamViewType.KEYS_ONLY);
        String arn = streamArn(table);
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("kept"))));
        String it = iterator(arn, shardOf(arn, "kept"), ShardIteratorType.TRIM_HORIZON, null);
        dynamodb.deleteTable(b -> b.tableName(table));
        assertThat(streams.getRecords(b -> b.shardIterator(it)).records()).hasSize(1);
        assertThat(streams.describeStream(b -> b.streamArn(arn)).streamDescription().streamStatus())
                .isIn(StreamStatus.DISABLED, StreamStatus.DISABLING);
    }

    @Test
    void malformedIteratorIsAValidationError() {
        // Recorded: scylladb/scylladb test/alternator/test_streams.py test_get_records_nonexistent_iterator
        assertThatThrownBy(() -> streams.getRecords(b -> b.shardIterator("not-an-iterator")))
                .isInstanceOf(software.amazon.awssdk.services.dynamodb.model.DynamoDbException.class)
                .satisfies(e -> assertThat(((software.amazon.awssdk.services.dynamodb.model.DynamoDbException) e)
                        .awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    }

    @Test
    void streamIsDescribedWithItsShardAndListedForItsTable() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_DescribeStream.html; https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_Shard.html (ShardId 28 to 65 characters)
        // Recorded: scylladb/scylladb test/alternator/test_streams.py test_describe_stream, test_latest_stream_arn, test_latest_stream_label, test_list_streams_create
        String table = streamedTable("describe", StreamViewType.NEW_IMAGE);
        String arn = streamArn(table);
        var table_ = dynamodb.describeTable(b -> b.tableName(table)).table();
        assertThat(arn).startsWith(table_.tableArn() + "/stream/").endsWith(table_.latestStreamLabel());
        assertThat(table_.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_IMAGE);
        var description = streams.describeStream(b -> b.streamArn(arn)).streamDescription();
        assertThat(description.streamStatus()).isEqualTo(StreamStatus.ENABLED);
        assertThat(description.tableName()).isEqualTo(table);
        assertThat(description.keySchema()).containsExactly(hash("id"));
        assertThat(description.shards()).isNotEmpty().allSatisfy(shard -> {
            assertThat(shard.shardId()).hasSizeBetween(28, 65);
            assertThat(shard.sequenceNumberRange().startingSequenceNumber()).isNotBlank();
            assertThat(shard.sequenceNumberRange().endingSequenceNumber()).as("a new stream's shards are open").isNull();
        });
        target.emulator.ifPresent(e -> assertThat(description.shards()).hasSize(e.streamSettings().shardCount()));
        assertThat(streams.listStreams(b -> b.tableName(table)).streams())
                .extracting(s -> s.streamArn()).containsExactly(arn);
    }

    @Test
    void listStreamsPages() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_ListStreams.html#DDB-streams_ListStreams-response-LastEvaluatedStreamArn
        // Recorded: scylladb/scylladb test/alternator/test_streams.py test_list_streams_paged
        String table = streamedTable("liststreams", StreamViewType.KEYS_ONLY);
        dynamodb.updateTable(b -> b.tableName(table).streamSpecification(StreamSpecification.builder().streamEnabled(false).build()));
        dynamodb.updateTable(b -> b.tableName(table).streamSpecification(StreamSpecification.builder().streamEnabled(true)
                .streamViewType(StreamViewType.KEYS_ONLY).build()));
        var first = streams.listStreams(b -> b.tableName(table).limit(1));
        assertThat(first.streams()).hasSize(1);
        assertThat(first.lastEvaluatedStreamArn()).isNotNull();
        var second = streams.listStreams(b -> b.tableName(table).limit(1).exclusiveStartStreamArn(first.lastEvaluatedStreamArn()));
        assertThat(second.streams()).hasSize(1);
        assertThat(new HashSet<>(List.of(first.streams().getFirst().streamArn(), second.streams().getFirst().streamArn()))).hasSize(2);
    }

    @Test
    void disablingClosesTheStreamAndEnablingStartsANewOne() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html#Streams.Processing "If you disable a stream, any shards that are open will be closed. The data in the stream will
        //   continue to be readable for 24 hours"; #Streams.Enabling "If you disable and then re-enable a stream on the table, a new
        //   stream is created with a different stream descriptor"
        // Recorded: scylladb/scylladb test/alternator/test_streams.py test_streams_closed_read, test_streams_reenable, test_streams_enable_on_enabled (AWS answers
        //   ValidationException "already enabled"; #Streams.Enabling says ResourceInUseException: the recording wins)
        String table = streamedTable("toggle", StreamViewType.KEYS_ONLY);
        String firstArn = streamArn(table);
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("before"))));
        String openIterator = iterator(firstArn, shardOf(firstArn, "before"), ShardIteratorType.TRIM_HORIZON, null);
        dynamodb.updateTable(b -> b.tableName(table).streamSpecification(StreamSpecification.builder().streamEnabled(false).build()));
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("unrecorded"))));
        assertThat(streamArn(table)).as("DescribeTable keeps naming the last stream").isEqualTo(firstArn);
        var closed = streams.describeStream(b -> b.streamArn(firstArn)).streamDescription();
        assertThat(closed.streamStatus()).isIn(StreamStatus.DISABLED, StreamStatus.DISABLING);
        var page = streams.getRecords(b -> b.shardIterator(openIterator));
        assertThat(page.records()).extracting(r -> r.dynamodb().keys().get("id").s()).containsExactly("before");
        dynamodb.updateTable(b -> b.tableName(table).streamSpecification(StreamSpecification.builder().streamEnabled(true)
                .streamViewType(StreamViewType.NEW_IMAGE).build()));
        String secondArn = streamArn(table);
        assertThat(secondArn).isNotEqualTo(firstArn);
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("after"))));
        assertThat(readAll(table)).extracting(r -> r.dynamodb().keys().get("id").s()).containsExactly("after");
        assertValidationError(() -> dynamodb.updateTable(b -> b.tableName(table).streamSpecification(StreamSpecification.builder()
                .streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE).build())));
    }

    @Test
    void closedShardEndsWithoutANextIterator() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetRecords.html#DDB-streams_GetRecords-response-NextShardIterator "If set to null, the
        //   shard has been closed and the requested iterator will not return any more data"
        // Recorded: scylladb/scylladb test/alternator/test_streams.py test_streams_closed_read
        assumeThat(target.embedded()).as("AWS closes shards asynchronously").isTrue();
        String table = streamedTable("closedshard", StreamViewType.KEYS_ONLY);
        String arn = streamArn(table);
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("only"))));
        String shard = shardOf(arn, "only");
        dynamodb.updateTable(b -> b.tableName(table).streamSpecification(StreamSpecification.builder().streamEnabled(false).build()));
        var page = streams.getRecords(b -> b.shardIterator(iterator(arn, shard, ShardIteratorType.TRIM_HORIZON, null)));
        assertThat(page.records()).hasSize(1);
        assertThat(page.nextShardIterator()).isNull();
        var shards = StreamContents.shards(streams, arn);
        assertThat(shards).as("every shard of a disabled stream is closed")
                .allSatisfy(s -> assertThat(s.sequenceNumberRange().endingSequenceNumber()).isNotNull());
        var range = shards.stream().filter(s -> s.shardId().equals(shard)).findFirst().orElseThrow().sequenceNumberRange();
        assertThat(range.endingSequenceNumber()).isEqualTo(page.records().getFirst().dynamodb().sequenceNumber());
    }

    @Test
    void expiredItemsAreRemovedByTheServiceWithATtlRecord() throws InterruptedException {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-streams.html (userIdentity type Service, principalId dynamodb.amazonaws.com);
        //   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-before-you-start.html (a Number of epoch seconds, no more than five years in the past)
        // Recorded: scylladb/scylladb test/alternator/test_ttl.py test_ttl_expiration_streams
        assumeThat(target.embedded()).as("AWS deletes expired items within days, not seconds").isTrue();
        String table = streamedTable("ttl", StreamViewType.NEW_AND_OLD_IMAGES);
        dynamodb.updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));
        long now = Instant.now().getEpochSecond();
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("expired"), "expiresAt", n(now - 60))));
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("alive"), "expiresAt", n(now + 3600))));
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("not-a-number"), "expiresAt", s("yesterday"))));
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("ancient"), "expiresAt", n(now - 6L * 365 * 24 * 3600))));
        for (int i = 0; i < 50 && dynamodb.getItem(b -> b.tableName(table).key(item("id", s("expired")))).hasItem(); i++) {
            Thread.sleep(100);
        }
        assertThat(dynamodb.getItem(b -> b.tableName(table).key(item("id", s("expired")))).hasItem()).isFalse();
        assertThat(dynamodb.scan(b -> b.tableName(table)).count()).isEqualTo(3);
        Record removal = readAll(table).stream().filter(r -> r.eventName() == OperationType.REMOVE).findFirst().orElseThrow();
        assertThat(removal.dynamodb().keys()).isEqualTo(item("id", s("expired")));
        assertThat(removal.userIdentity().type()).isEqualTo("Service");
        assertThat(removal.userIdentity().principalId()).isEqualTo("dynamodb.amazonaws.com");
        dynamodb.deleteItem(b -> b.tableName(table).key(item("id", s("alive"))));
        Record userDelete = readAll(table).stream().filter(r -> r.eventName() == OperationType.REMOVE && id(r).equals("alive"))
                .findFirst().orElseThrow();
        assertThat(userDelete.userIdentity()).isNull();
    }
}
