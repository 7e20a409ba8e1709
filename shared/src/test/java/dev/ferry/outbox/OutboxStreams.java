package dev.ferry.outbox;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.ferry.testing.LocalDynamoDb;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** A table's stream read from the emulator and shaped as the Lambda event the relay receives. */
final class OutboxStreams {

    private OutboxStreams() {
    }

    /** Every record of every shard of {@code table}'s stream, shard by shard, as one event. */
    static DynamodbEvent readAll(LocalDynamoDb local, String table) {
        return event(records(local, table));
    }

    static List<DynamodbEvent.DynamodbStreamRecord> records(LocalDynamoDb local, String table) {
        try (DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .endpointOverride(URI.create(local.environment().get("AWS_ENDPOINT_URL_DYNAMODB")))
                .httpClient(UrlConnectionHttpClient.builder().build()).build()) {
            String arn = local.admin().describeTable(b -> b.tableName(table)).table().latestStreamArn();
            List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
            for (var shard : streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards()) {
                String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                for (var r : streams.getRecords(b -> b.shardIterator(iterator)).records()) {
                    records.add(toLambda(r, arn));
                }
            }
            return records;
        }
    }

    static DynamodbEvent event(List<DynamodbEvent.DynamodbStreamRecord> records) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records);
        return event;
    }

    private static DynamodbEvent.DynamodbStreamRecord toLambda(software.amazon.awssdk.services.dynamodb.model.Record r, String streamArn) {
        StreamRecord stream = new StreamRecord();
        stream.setSequenceNumber(r.dynamodb().sequenceNumber());
        stream.setNewImage(r.dynamodb().hasNewImage() ? toLambda(r.dynamodb().newImage()) : null);
        stream.setKeys(toLambda(r.dynamodb().keys()));
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventID(r.eventID());
        record.setEventName(r.eventNameAsString());
        record.setEventSourceARN(streamArn);
        record.setDynamodb(stream);
        return record;
    }

    private static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> toLambda(Map<String, AttributeValue> image) {
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> converted = new HashMap<>();
        image.forEach((name, value) -> {
            var v = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
            if (value.s() != null) {
                v.setS(value.s());
            } else if (value.n() != null) {
                v.setN(value.n());
            } else {
                v.setS(value.toString());
            }
            converted.put(name, v);
        });
        return converted;
    }
}
