package dev.ferry.outbox;

/**
 * The layout of an outbox record. Records live in an outbox table of their own, written in the same
 * {@code TransactWriteItems} as the state they announce (a transaction spans tables), keyed so that one
 * subject's events share a partition and sort in the order they were written:
 *
 * <ul>
 *   <li>partition key {@code subject} (S): the aggregate id, the events' ordering key;</li>
 *   <li>sort key {@code sequence} (S): {@code <UTC time to the microsecond>#<event id>}, see
 *       {@link OutboxSequence}.</li>
 * </ul>
 *
 * A record stays until it is known to be published to every target, then the relay (or the sweeper)
 * deletes it: the table holds exactly the events not yet published, with no expiry that could lose one.
 *
 * <p>Before this layout, records lived in the state table under {@code outbox#<event id>} with a one-day
 * TTL ({@link #KEY_PREFIX}); the relay still publishes such records from the state tables' streams so that
 * a deployment can be upgraded without losing the events in flight (docs/deploy.md).
 */
public final class OutboxRecord {

    public static final String SUBJECT = "subject";
    public static final String SEQUENCE = "sequence";
    /** Marks outbox records; the stream filter selects on it. */
    public static final String KIND = "kind";
    public static final String KIND_VALUE = "outbox";
    public static final String EVENT_ID = "eventId";
    public static final String TYPE = "type";
    public static final String CORRELATION_ID = "correlationid";
    /** The envelope as CloudEvents structured JSON, published verbatim. */
    public static final String ENVELOPE = "envelope";
    /** The key prefix of records of the earlier layout, kept in the state table: {@code outbox#<event id>}. */
    public static final String KEY_PREFIX = "outbox#";

    /**
     * The Lambda event-source-mapping filter that lets only new outbox records reach the relay (the relay's
     * own deletions never invoke it). Use it as the pattern of a FilterCriteria filter.
     */
    public static final String STREAM_FILTER_PATTERN =
            "{\"eventName\":[\"INSERT\"],\"dynamodb\":{\"NewImage\":{\"" + KIND + "\":{\"S\":[\"" + KIND_VALUE + "\"]}}}}";

    private OutboxRecord() {
    }
}
