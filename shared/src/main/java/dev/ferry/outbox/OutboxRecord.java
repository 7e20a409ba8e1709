package dev.ferry.outbox;

/**
 * The layout of an outbox record, stored in the same table as the state it accompanies (so one
 * transaction covers both and the table's stream carries both). Its key is {@code outbox#<event id>} in the
 * table's partition key (and sort key, if the table has one).
 */
public final class OutboxRecord {

    public static final String KEY_PREFIX = "outbox#";
    /** Marks outbox records; the stream filter selects on it. */
    public static final String KIND = "kind";
    public static final String KIND_VALUE = "outbox";
    public static final String EVENT_ID = "eventId";
    public static final String TYPE = "type";
    public static final String SUBJECT = "subject";
    public static final String CORRELATION_ID = "correlationid";
    /** The envelope as CloudEvents structured JSON, published verbatim. */
    public static final String ENVELOPE = "envelope";
    /** Epoch seconds; enable TTL on this attribute so relayed records go away. */
    public static final String EXPIRES_AT = "expiresAt";

    /**
     * The Lambda event-source-mapping filter that lets only new outbox records reach the relay (TTL
     * deletions and state changes never invoke it). Use it as the pattern of a FilterCriteria filter.
     */
    public static final String STREAM_FILTER_PATTERN =
            "{\"eventName\":[\"INSERT\"],\"dynamodb\":{\"NewImage\":{\"" + KIND + "\":{\"S\":[\"" + KIND_VALUE + "\"]}}}}";

    private OutboxRecord() {
    }
}
