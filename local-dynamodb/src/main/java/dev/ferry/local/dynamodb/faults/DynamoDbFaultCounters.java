package dev.ferry.local.dynamodb.faults;

/**
 * What the emulator has raised so far.
 *
 * @param injectedConflicts    conflicts the fault plan made up (no other transaction was in flight)
 * @param transactionConflicts conflicts with a transaction that really held the item at the time
 * @param throttles            throttled requests, batch items and transaction items
 */
public record DynamoDbFaultCounters(long injectedConflicts, long transactionConflicts, long throttles) {
    /** What was raised since {@code earlier} was read. */
    public DynamoDbFaultCounters since(DynamoDbFaultCounters earlier) {
        return new DynamoDbFaultCounters(injectedConflicts - earlier.injectedConflicts,
                transactionConflicts - earlier.transactionConflicts, throttles - earlier.throttles);
    }

    public long total() {
        return injectedConflicts + transactionConflicts + throttles;
    }
}
