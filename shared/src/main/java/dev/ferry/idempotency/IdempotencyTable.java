package dev.ferry.idempotency;

import static dev.ferry.idempotency.IdempotencyRecord.ID;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/**
 * The idempotency table as guarded and transactional mode both use it: where the records live, how long
 * a completed key is remembered (and replayed) before the table's TTL deletes it, and the clock that says
 * when that is.
 */
record IdempotencyTable(DynamoDbClient dynamoDb, String name, Duration ttl, Clock clock) {

    static final Duration DEFAULT_TTL = Duration.ofDays(1);

    IdempotencyTable {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("the idempotency TTL must be positive, got " + ttl);
        }
    }

    /** The {@code expiresAt} of a record written at {@code now}, in epoch seconds. */
    long expiresAt(Instant now) {
        return now.plus(ttl).getEpochSecond();
    }

    /** The stored record of {@code key}, read consistently; empty when there is none. */
    Map<String, AttributeValue> read(String key) {
        return dynamoDb.getItem(GetItemRequest.builder().tableName(name).key(Map.of(ID, AttributeValue.fromS(key)))
                .consistentRead(true).build()).item();
    }
}
