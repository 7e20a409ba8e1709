package dev.ferry.idempotency;

import static dev.ferry.idempotency.IdempotencyRecord.CLAIM_TOKEN;
import static dev.ferry.idempotency.IdempotencyRecord.COMPLETED;
import static dev.ferry.idempotency.IdempotencyRecord.EXPIRES_AT;
import static dev.ferry.idempotency.IdempotencyRecord.ID;
import static dev.ferry.idempotency.IdempotencyRecord.IN_PROGRESS;
import static dev.ferry.idempotency.IdempotencyRecord.IN_PROGRESS_UNTIL;
import static dev.ferry.idempotency.IdempotencyRecord.PAYLOAD_HASH;
import static dev.ferry.idempotency.IdempotencyRecord.RESULT;
import static dev.ferry.idempotency.IdempotencyRecord.STATUS;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Guarded mode on DynamoDB. Requests per message: a first execution costs two writes (the claim, then the
 * completion); a repeat costs one (the failed conditional put returns the stored record through
 * {@code ReturnValuesOnConditionCheckFailure=ALL_OLD}, so there is no follow-up read); a failed effect costs
 * two (claim, release).
 */
public final class DynamoDbIdempotencyStore implements IdempotencyStore {

    static final String CLAIMABLE = "attribute_not_exists(#id) OR #until < :nowMillis OR #expires < :nowSeconds";

    private final IdempotencyTable table;

    /**
     * @param ttl how long a completed key is remembered (and replayed); the table's TTL deletes it afterwards
     */
    public DynamoDbIdempotencyStore(DynamoDbClient dynamoDb, String table, Duration ttl, Clock clock) {
        this.table = new IdempotencyTable(dynamoDb, table, ttl, clock);
    }

    public DynamoDbIdempotencyStore(DynamoDbClient dynamoDb, String table) {
        this(dynamoDb, table, IdempotencyTable.DEFAULT_TTL, Clock.systemUTC());
    }

    @Override
    public ClaimOutcome claim(String key, String payloadHash, Duration inProgressFor) {
        requireKey(key);
        // A record can vanish between our failed put and our look at it (release, TTL); then claim again.
        for (int attempt = 0; attempt < 3; attempt++) {
            Instant now = table.clock().instant();
            Instant until = now.plus(inProgressFor);
            String token = UUID.randomUUID().toString();
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(ID, s(key));
            item.put(STATUS, s(IN_PROGRESS));
            item.put(PAYLOAD_HASH, s(payloadHash));
            item.put(CLAIM_TOKEN, s(token));
            item.put(IN_PROGRESS_UNTIL, n(until.toEpochMilli()));
            item.put(EXPIRES_AT, n(table.expiresAt(now)));
            try {
                table.dynamoDb().putItem(PutItemRequest.builder()
                        .tableName(table.name())
                        .item(item)
                        .conditionExpression(CLAIMABLE)
                        .expressionAttributeNames(Map.of("#id", ID, "#until", IN_PROGRESS_UNTIL, "#expires", EXPIRES_AT))
                        .expressionAttributeValues(Map.of(":nowMillis", n(now.toEpochMilli()), ":nowSeconds", n(now.getEpochSecond())))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build());
                return new ClaimOutcome.Claimed(new Claim(key, token, payloadHash, until));
            } catch (ConditionalCheckFailedException taken) {
                Map<String, AttributeValue> existing = taken.hasItem() ? taken.item() : table.read(key);
                if (!existing.isEmpty()) {
                    return interpret(key, payloadHash, existing);
                }
            }
        }
        throw new IllegalStateException("idempotency key '" + key + "' kept changing under a claim; is something deleting records in " + table.name() + "?");
    }

    @Override
    public CompletionOutcome complete(Claim claim, String result) {
        Instant now = table.clock().instant();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ID, s(claim.key()));
        item.put(STATUS, s(COMPLETED));
        item.put(PAYLOAD_HASH, s(claim.payloadHash()));
        item.put(RESULT, s(result));
        // The token stays, so a retried completion whose first answer was lost still matches its claim.
        item.put(CLAIM_TOKEN, s(claim.token()));
        item.put(EXPIRES_AT, n(table.expiresAt(now)));
        try {
            table.dynamoDb().putItem(PutItemRequest.builder()
                    .tableName(table.name())
                    .item(item)
                    .conditionExpression("#token = :token")
                    .expressionAttributeNames(Map.of("#token", CLAIM_TOKEN))
                    .expressionAttributeValues(Map.of(":token", s(claim.token())))
                    .build());
            return new CompletionOutcome.Recorded();
        } catch (ConditionalCheckFailedException lost) {
            return new CompletionOutcome.ClaimLost(claim.key());
        }
    }

    @Override
    public void release(Claim claim) {
        try {
            table.dynamoDb().deleteItem(DeleteItemRequest.builder()
                    .tableName(table.name())
                    .key(Map.of(ID, s(claim.key())))
                    // A completed record keeps its token; only a claim still in progress may be given back.
                    .conditionExpression("#token = :token AND #status = :inProgress")
                    .expressionAttributeNames(Map.of("#token", CLAIM_TOKEN, "#status", STATUS))
                    .expressionAttributeValues(Map.of(":token", s(claim.token()), ":inProgress", s(IN_PROGRESS)))
                    .build());
        } catch (ConditionalCheckFailedException alreadyLost) {
            // Someone reclaimed the key after our claim expired; the key is theirs now.
        }
    }

    @Override
    public Optional<String> completedResult(String key, String payloadHash) {
        requireKey(key);
        Map<String, AttributeValue> stored = table.read(key);
        boolean live = !stored.isEmpty() && stored.containsKey(EXPIRES_AT)
                && Long.parseLong(stored.get(EXPIRES_AT).n()) >= table.clock().instant().getEpochSecond();
        return live && interpret(key, payloadHash, stored) instanceof ClaimOutcome.Completed done
                ? Optional.of(done.storedResult()) : Optional.empty();
    }

    static ClaimOutcome interpret(String key, String payloadHash, Map<String, AttributeValue> existing) {
        String storedHash = text(existing, PAYLOAD_HASH);
        if (!storedHash.equals(payloadHash)) {
            return new ClaimOutcome.PayloadMismatch(key);
        }
        if (COMPLETED.equals(text(existing, STATUS))) {
            return new ClaimOutcome.Completed(text(existing, RESULT));
        }
        AttributeValue until = existing.get(IN_PROGRESS_UNTIL);
        return new ClaimOutcome.InProgress(until == null ? Instant.EPOCH : Instant.ofEpochMilli(Long.parseLong(until.n())));
    }

    static void requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("an idempotency key must be a non-empty string");
        }
        if (key.length() > 1024) {
            throw new IllegalArgumentException("an idempotency key must be at most 1024 characters (a DynamoDB key limit is 2048 bytes), got " + key.length());
        }
    }

    static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? "" : value.s();
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
