package dev.ferry.idempotency;

import static dev.ferry.idempotency.DynamoDbIdempotencyStore.n;
import static dev.ferry.idempotency.DynamoDbIdempotencyStore.s;
import static dev.ferry.idempotency.IdempotencyRecord.COMPLETED;
import static dev.ferry.idempotency.IdempotencyRecord.EXPIRES_AT;
import static dev.ferry.idempotency.IdempotencyRecord.ID;
import static dev.ferry.idempotency.IdempotencyRecord.PAYLOAD_HASH;
import static dev.ferry.idempotency.IdempotencyRecord.RESULT;
import static dev.ferry.idempotency.IdempotencyRecord.STATUS;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Transactional mode, for effects that are DynamoDB writes ("add $50 to the balance"): the key record
 * (COMPLETED, with the payload hash and the result) and the effect's writes commit in one
 * {@code TransactWriteItems} under {@code attribute_not_exists(id)}. No crash can separate the effect from
 * its key, so it happens exactly once, at one request per message; a duplicate is recognised from the
 * cancellation reasons of that same request, which carry the stored record (ALL_OLD).
 */
public final class TransactionalIdempotency {

    /** DynamoDB allows 100 actions per transaction; the key record takes one. */
    public static final int MAX_EFFECTS = 99;
    private static final int CONFLICT_ATTEMPTS = 4;

    private final IdempotencyTable table;

    public TransactionalIdempotency(DynamoDbClient dynamoDb, String table, Duration ttl, Clock clock) {
        this.table = new IdempotencyTable(dynamoDb, table, ttl, clock);
    }

    public TransactionalIdempotency(DynamoDbClient dynamoDb, String table) {
        this(dynamoDb, table, IdempotencyTable.DEFAULT_TTL, Clock.systemUTC());
    }

    /**
     * Commits {@code effects} once per {@code key}. Effects may be Put, Update, Delete or ConditionCheck on
     * any table (but not on the idempotency record itself, and at most one action per item).
     */
    public TransactionOutcome commit(String key, String payloadHash, String result, List<TransactWriteItem> effects) {
        DynamoDbIdempotencyStore.requireKey(key);
        if (effects.size() > MAX_EFFECTS) {
            throw new IllegalArgumentException("a transaction holds at most " + MAX_EFFECTS + " effects besides the key record, got " + effects.size());
        }
        TransactionCanceledException lastConflict = null;
        for (int attempt = 1; attempt <= CONFLICT_ATTEMPTS; attempt++) {
            Instant now = table.clock().instant();
            List<TransactWriteItem> items = new ArrayList<>(effects.size() + 1);
            items.add(keyRecord(key, payloadHash, result, now));
            items.addAll(effects);
            try {
                table.dynamoDb().transactWriteItems(TransactWriteItemsRequest.builder().transactItems(items).build());
                return new TransactionOutcome.Committed();
            } catch (TransactionCanceledException cancelled) {
                List<CancellationReason> reasons = cancelled.hasCancellationReasons() ? cancelled.cancellationReasons() : List.of();
                if (failedCondition(reasons, 0)) {
                    Map<String, AttributeValue> stored = reasons.get(0).hasItem() && !reasons.get(0).item().isEmpty()
                            ? reasons.get(0).item() : table.read(key);
                    if (stored.isEmpty()) {
                        continue; // expired and deleted in between: try again
                    }
                    return switch (DynamoDbIdempotencyStore.interpret(key, payloadHash, stored)) {
                        case ClaimOutcome.Completed c -> new TransactionOutcome.Duplicate(c.storedResult());
                        case ClaimOutcome.PayloadMismatch m -> new TransactionOutcome.PayloadMismatch(m.key());
                        case ClaimOutcome.InProgress p -> new TransactionOutcome.InProgress(p.until());
                        case ClaimOutcome.Claimed c -> throw new IllegalStateException("a stored record never reads as a fresh claim");
                    };
                }
                for (int i = 1; i < reasons.size(); i++) {
                    if (failedCondition(reasons, i)) {
                        CancellationReason reason = reasons.get(i);
                        return new TransactionOutcome.EffectRejected(i - 1, reason.hasItem() ? reason.item() : Map.of());
                    }
                }
                if (!conflict(reasons)) {
                    throw cancelled;
                }
                lastConflict = cancelled;
                sleep(attempt);
            }
        }
        throw lastConflict;
    }

    private TransactWriteItem keyRecord(String key, String payloadHash, String result, Instant now) {
        return TransactWriteItem.builder().put(Put.builder()
                .tableName(table.name())
                .item(Map.of(ID, s(key), STATUS, s(COMPLETED), PAYLOAD_HASH, s(payloadHash), RESULT, s(result),
                        EXPIRES_AT, n(table.expiresAt(now))))
                .conditionExpression("attribute_not_exists(#id) OR #expires < :nowSeconds")
                .expressionAttributeNames(Map.of("#id", ID, "#expires", EXPIRES_AT))
                .expressionAttributeValues(Map.of(":nowSeconds", n(now.getEpochSecond())))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
    }

    private static boolean failedCondition(List<CancellationReason> reasons, int index) {
        return index < reasons.size() && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    private static boolean conflict(List<CancellationReason> reasons) {
        return reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
    }

    private static void sleep(int attempt) {
        try {
            Thread.sleep(5L * attempt * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a conflicting transaction", e);
        }
    }
}
