package dev.ferry.local.cost;

/**
 * What AWS bills a workflow for, one constant per billing dimension the local cloud can count. A ledger counts
 * whole numbers; {@link #perUnit} says how many counts make one billed unit (a read request unit is counted in
 * halves, because an eventually consistent read of up to 4 KB costs half of one; Lambda duration in MB-milliseconds).
 */
public enum Meter {
    DYNAMODB_WRITE_UNITS("DynamoDB", "write request units", "WRU", 1, Basis.PER_REQUEST),
    DYNAMODB_READ_UNITS("DynamoDB", "read request units", "RRU", 2, Basis.PER_REQUEST),
    /** GetRecords calls on a table's stream; free when Lambda's event source mappings make them. */
    DYNAMODB_STREAM_READS("DynamoDB Streams", "GetRecords requests", "requests", 1, Basis.POLLING),
    SQS_STANDARD_REQUESTS("SQS", "standard queue requests", "requests", 1, Basis.PER_REQUEST),
    SQS_FIFO_REQUESTS("SQS", "FIFO queue requests", "requests", 1, Basis.PER_REQUEST),
    /** ReceiveMessage answered with no message: billed, but driven by how pollers wait, not by orders. */
    SQS_EMPTY_RECEIVES("SQS", "empty receives", "requests", 1, Basis.POLLING),
    SNS_PUBLISHES("SNS", "publishes", "requests", 1, Basis.PER_REQUEST),
    SNS_SQS_DELIVERIES("SNS", "deliveries to SQS", "deliveries", 1, Basis.PER_REQUEST),
    SNS_LAMBDA_DELIVERIES("SNS", "deliveries to Lambda", "deliveries", 1, Basis.PER_REQUEST),
    KINESIS_PUT_UNITS("Kinesis Data Streams", "PUT payload units", "25 KB units", 1, Basis.PER_REQUEST),
    /** Open shards times the time they were open, in shard-seconds. */
    KINESIS_SHARD_HOURS("Kinesis Data Streams", "shard hours", "shard-hours", 3600, Basis.RUNNING),
    LAMBDA_REQUESTS("Lambda", "requests", "requests", 1, Basis.PER_REQUEST),
    /** Configured memory (MB) times billed duration (ms): 1024 × 1000 of them make a GB-second. */
    LAMBDA_DURATION("Lambda", "duration (arm64)", "GB-seconds", 1024 * 1000, Basis.PER_REQUEST),
    API_REQUESTS("API Gateway", "REST API requests", "requests", 1, Basis.PER_REQUEST),
    SCHEDULED_INVOCATIONS("EventBridge", "scheduled rule invocations", "invocations", 1, Basis.RUNNING),
    LOG_BYTES("CloudWatch Logs", "log data ingested", "GB", 1024L * 1024 * 1024, Basis.PER_REQUEST);

    /** What drives a meter: the requests an order makes, how pollers poll, or how long the system runs. */
    public enum Basis {
        PER_REQUEST,
        POLLING,
        RUNNING
    }

    private final String service;
    private final String kind;
    private final String unit;
    private final long perUnit;
    private final Basis basis;

    Meter(String service, String kind, String unit, long perUnit, Basis basis) {
        this.service = service;
        this.kind = kind;
        this.unit = unit;
        this.perUnit = perUnit;
        this.basis = basis;
    }

    public String service() {
        return service;
    }

    public String kind() {
        return kind;
    }

    /** The billed unit, e.g. {@code WRU} or {@code GB-seconds}. */
    public String unit() {
        return unit;
    }

    /** How many counts make one billed unit. */
    public long perUnit() {
        return perUnit;
    }

    public Basis basis() {
        return basis;
    }

    /** {@code counts} in billed units. */
    public double units(long counts) {
        return (double) counts / perUnit;
    }
}
