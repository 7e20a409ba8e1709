package dev.ferry.local.cost;

/**
 * AWS's rounding rules, from payload sizes and durations to what is billed. Each rule cites its pricing page.
 */
public final class BillingUnits {
    /** SQS and SNS bill each 64 KB chunk of a request's payload as one request (aws.amazon.com/sqs/pricing, /sns/pricing). */
    public static final int MESSAGE_CHUNK_BYTES = 64 * 1024;
    /** Kinesis Data Streams bills a record's payload in 25 KB PUT payload units (aws.amazon.com/kinesis/data-streams/pricing). */
    public static final int PUT_PAYLOAD_UNIT_BYTES = 25 * 1024;
    /** DynamoDB: a write request unit writes up to 1 KB (aws.amazon.com/dynamodb/pricing/on-demand). */
    public static final int WRITE_UNIT_BYTES = 1024;
    /** DynamoDB: a strongly consistent read request unit reads up to 4 KB (aws.amazon.com/dynamodb/pricing/on-demand). */
    public static final int READ_UNIT_BYTES = 4 * 1024;

    private BillingUnits() {
    }

    /** Requests billed for one SQS or SNS call carrying {@code payloadBytes}: one per 64 KB started, at least one. */
    public static long messageRequests(long payloadBytes) {
        return Math.max(1, ceilDiv(payloadBytes, MESSAGE_CHUNK_BYTES));
    }

    /** PUT payload units of one Kinesis record: one per 25 KB started, at least one. */
    public static long putPayloadUnits(long recordBytes) {
        return Math.max(1, ceilDiv(recordBytes, PUT_PAYLOAD_UNIT_BYTES));
    }

    /** Write request units of a standard write of an item of {@code itemBytes}; a transactional write costs twice this. */
    public static long writeUnits(long itemBytes) {
        return Math.max(1, ceilDiv(itemBytes, WRITE_UNIT_BYTES));
    }

    /**
     * Read request units of a read of {@code itemBytes}, in halves (the ledger's count of
     * {@link Meter#DYNAMODB_READ_UNITS}): 2 per 4 KB strongly consistent, 1 per 4 KB eventually consistent.
     */
    public static long readHalfUnits(long itemBytes, boolean consistent) {
        long units = Math.max(1, ceilDiv(itemBytes, READ_UNIT_BYTES));
        return consistent ? 2 * units : units;
    }

    /** Lambda's billed duration: rounded up to the next millisecond (aws.amazon.com/lambda/pricing). */
    public static long billedMillis(long durationNanos) {
        return Math.max(1, ceilDiv(durationNanos, 1_000_000));
    }

    /** Lambda's GB-seconds in MB-milliseconds (the ledger's count of {@link Meter#LAMBDA_DURATION}). */
    public static long megabyteMillis(int memoryMb, long durationNanos) {
        return memoryMb * billedMillis(durationNanos);
    }

    private static long ceilDiv(long value, long unit) {
        return value <= 0 ? 0 : (value + unit - 1) / unit;
    }
}
