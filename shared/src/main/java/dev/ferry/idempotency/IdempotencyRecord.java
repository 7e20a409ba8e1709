package dev.ferry.idempotency;

/**
 * The layout of an idempotency table: a string partition key {@code id} and a TTL attribute
 * {@code expiresAt} (epoch seconds; enable TTL on it). Guarded and transactional modes share it.
 */
public final class IdempotencyRecord {

    public static final String ID = "id";
    public static final String STATUS = "status";
    public static final String PAYLOAD_HASH = "payloadHash";
    public static final String CLAIM_TOKEN = "claimToken";
    /** Epoch milliseconds after which an IN_PROGRESS record may be reclaimed. */
    public static final String IN_PROGRESS_UNTIL = "inProgressUntil";
    /** Epoch seconds; DynamoDB TTL deletes the record some time after it. */
    public static final String EXPIRES_AT = "expiresAt";
    public static final String RESULT = "result";

    public static final String IN_PROGRESS = "IN_PROGRESS";
    public static final String COMPLETED = "COMPLETED";

    private IdempotencyRecord() {
    }
}
