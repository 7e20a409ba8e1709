package dev.ferry.junit;

import java.util.EnumSet;
import java.util.Set;

/** The services of Ferry's local cloud that a test class can ask for. */
public enum FerryService {
    /** Ferry's DynamoDB emulator; it serves DynamoDB Streams on the same endpoint. */
    DYNAMODB,
    /** ElasticMQ behind Ferry's validating front. */
    SQS,
    /** Ferry's SNS emulator. It delivers to queues through SQS, so asking for SNS starts SQS as well. */
    SNS,
    /** Ferry's in-process Kinesis emulator (or kinesis-mock when {@code -Dferry.kinesis.engine=kinesis-mock}). */
    KINESIS;

    /** The services to start for {@code asked}: SNS needs SQS, because it delivers to queues through it. */
    static Set<FerryService> withDependencies(Set<FerryService> asked) {
        EnumSet<FerryService> all = asked.isEmpty() ? EnumSet.noneOf(FerryService.class) : EnumSet.copyOf(asked);
        if (all.contains(SNS)) all.add(SQS);
        return all;
    }
}
