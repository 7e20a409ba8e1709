package dev.ferry.idempotency;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/**
 * A store whose claim, complete or release fails the next n times with the exception DynamoDB throttling
 * ends in once the SDK has given up retrying, then behaves like the store it wraps.
 */
public final class FlakyStore implements IdempotencyStore {

    private final IdempotencyStore store;
    private final AtomicInteger claimFailures = new AtomicInteger();
    private final AtomicInteger completeFailures = new AtomicInteger();
    private final AtomicInteger releaseFailures = new AtomicInteger();
    private final AtomicInteger completeCalls = new AtomicInteger();

    public FlakyStore(IdempotencyStore store) {
        this.store = store;
    }

    public FlakyStore failClaims(int times) {
        claimFailures.set(times);
        return this;
    }

    public FlakyStore failCompletions(int times) {
        completeFailures.set(times);
        return this;
    }

    public FlakyStore failReleases(int times) {
        releaseFailures.set(times);
        return this;
    }

    public int completeCalls() {
        return completeCalls.get();
    }

    @Override
    public ClaimOutcome claim(String key, String payloadHash, Duration inProgressFor) {
        failIfDue(claimFailures, "PutItem");
        return store.claim(key, payloadHash, inProgressFor);
    }

    @Override
    public CompletionOutcome complete(Claim claim, String result) {
        completeCalls.incrementAndGet();
        failIfDue(completeFailures, "PutItem");
        return store.complete(claim, result);
    }

    @Override
    public Optional<String> completedResult(String key, String payloadHash) {
        return store.completedResult(key, payloadHash);
    }

    @Override
    public void release(Claim claim) {
        failIfDue(releaseFailures, "DeleteItem");
        store.release(claim);
    }

    private static void failIfDue(AtomicInteger failures, String operation) {
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw throttled(operation);
        }
    }

    public static ProvisionedThroughputExceededException throttled(String operation) {
        return (ProvisionedThroughputExceededException) ProvisionedThroughputExceededException.builder()
                .message(operation + ": The level of configured provisioned throughput for the table was exceeded.")
                .statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").serviceName("DynamoDb").build())
                .build();
    }
}
