package dev.ferry.outbox;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The records of outbox tables that are not published yet: every record in such a table, since published
 * ones are deleted. Reads are strongly consistent, so a record committed before a read is seen by it.
 */
final class PendingOutbox {

    /** BatchWriteItem takes at most 25 requests. */
    private static final int DELETE_BATCH = 25;
    private static final int DELETE_ATTEMPTS = 5;

    /** The pending records of one subject, in order, and whether more were left for a later run. */
    record Backlog(String table, String subject, List<Publication> records, boolean truncated) {
    }

    private final DynamoDbClient dynamoDb;

    PendingOutbox(DynamoDbClient dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    /**
     * The pending records of {@code subject} whose sequence is at most {@code upTo} (inclusive when
     * {@code inclusive}), oldest first, at most {@code limit}; positions start at {@code firstPosition}.
     */
    Backlog upTo(String table, String subject, String upTo, boolean inclusive, int limit, int firstPosition) {
        List<Publication> records = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        boolean truncated = false;
        do {
            Map<String, AttributeValue> from = start;
            int room = limit - records.size();
            QueryResponse page = dynamoDb.query(q -> q.tableName(table).consistentRead(true)
                    .keyConditionExpression("#subject = :subject AND #sequence " + (inclusive ? "<=" : "<") + " :upTo")
                    .expressionAttributeNames(Map.of("#subject", OutboxRecord.SUBJECT, "#sequence", OutboxRecord.SEQUENCE))
                    .expressionAttributeValues(Map.of(":subject", AttributeValue.fromS(subject), ":upTo", AttributeValue.fromS(upTo)))
                    .limit(room)
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                records.add(publication(firstPosition + records.size(), item));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            if (start != null && records.size() >= limit) {
                truncated = true;
                start = null;
            }
        } while (start != null);
        return new Backlog(table, subject, records, truncated);
    }

    /** The subjects with a record older than {@code before} (a sequence prefix), at most {@code limit}. */
    Set<String> subjectsWithRecordsBefore(String table, String before, int limit) {
        Set<String> subjects = new LinkedHashSet<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamoDb.scan(s -> s.tableName(table).consistentRead(true)
                    .filterExpression("#sequence < :before")
                    .projectionExpression("#subject")
                    .expressionAttributeNames(Map.of("#subject", OutboxRecord.SUBJECT, "#sequence", OutboxRecord.SEQUENCE))
                    .expressionAttributeValues(Map.of(":before", AttributeValue.fromS(before)))
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                if (subjects.size() < limit) {
                    subjects.add(item.get(OutboxRecord.SUBJECT).s());
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() && subjects.size() < limit ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return subjects;
    }

    /**
     * Deletes published records. A record that cannot be deleted stays pending and is published again
     * later (a duplicate, which consumers absorb), so failures are reported, not thrown.
     *
     * @return how many could not be deleted
     */
    int delete(String table, List<Publication> published) {
        int left = 0;
        for (int from = 0; from < published.size(); from += DELETE_BATCH) {
            List<WriteRequest> requests = new ArrayList<>();
            for (Publication p : published.subList(from, Math.min(published.size(), from + DELETE_BATCH))) {
                requests.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(Map.of(
                        OutboxRecord.SUBJECT, AttributeValue.fromS(p.subject()),
                        OutboxRecord.SEQUENCE, AttributeValue.fromS(p.sequenceNumber()))).build()).build());
            }
            left += deleteBatch(table, requests);
        }
        return left;
    }

    private int deleteBatch(String table, List<WriteRequest> requests) {
        List<WriteRequest> pending = requests;
        for (int attempt = 1; attempt <= DELETE_ATTEMPTS && !pending.isEmpty(); attempt++) {
            try {
                List<WriteRequest> batch = pending;
                BatchWriteItemResponse response = dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(table, batch)));
                pending = response.hasUnprocessedItems() ? response.unprocessedItems().getOrDefault(table, List.of()) : List.of();
            } catch (RuntimeException failed) {
                if (attempt == DELETE_ATTEMPTS) {
                    return pending.size();
                }
            }
            if (!pending.isEmpty()) {
                pause(attempt);
            }
        }
        return pending.size();
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(20L * attempt * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Publication publication(int position, Map<String, AttributeValue> item) {
        return new Publication(position, required(item, OutboxRecord.SEQUENCE), required(item, OutboxRecord.EVENT_ID),
                required(item, OutboxRecord.TYPE), required(item, OutboxRecord.SUBJECT),
                required(item, OutboxRecord.CORRELATION_ID), required(item, OutboxRecord.ENVELOPE));
    }

    private static String required(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.s() == null || value.s().isEmpty()) {
            throw new IllegalArgumentException("outbox record " + item.get(OutboxRecord.SUBJECT) + "/" + item.get(OutboxRecord.SEQUENCE)
                    + " has no string attribute '" + name + "'; was it written by dev.ferry.outbox.Outbox?");
        }
        return value.s();
    }
}
