package dev.ferry.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The guarded protocol in memory, with the same states and transitions as the DynamoDB store: for unit
 * tests of handlers and for single-process tools. Not shared between processes, so not for production.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {

    private record Entry(String status, String payloadHash, String token, Instant inProgressUntil, Instant expiresAt, String result) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Clock clock;

    public InMemoryIdempotencyStore(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    public InMemoryIdempotencyStore() {
        this(Duration.ofDays(1), Clock.systemUTC());
    }

    @Override
    public synchronized ClaimOutcome claim(String key, String payloadHash, Duration inProgressFor) {
        DynamoDbIdempotencyStore.requireKey(key);
        Instant now = clock.instant();
        Entry existing = entries.get(key);
        boolean claimable = existing == null
                || (existing.inProgressUntil() != null && existing.inProgressUntil().isBefore(now))
                || existing.expiresAt().getEpochSecond() < now.getEpochSecond();
        if (!claimable) {
            if (!existing.payloadHash().equals(payloadHash)) {
                return new ClaimOutcome.PayloadMismatch(key);
            }
            if (IdempotencyRecord.COMPLETED.equals(existing.status())) {
                return new ClaimOutcome.Completed(existing.result());
            }
            return new ClaimOutcome.InProgress(existing.inProgressUntil());
        }
        Instant until = now.plus(inProgressFor);
        String token = UUID.randomUUID().toString();
        entries.put(key, new Entry(IdempotencyRecord.IN_PROGRESS, payloadHash, token, until, now.plus(ttl), ""));
        return new ClaimOutcome.Claimed(new Claim(key, token, payloadHash, until));
    }

    @Override
    public synchronized CompletionOutcome complete(Claim claim, String result) {
        Entry existing = entries.get(claim.key());
        if (existing == null || !claim.token().equals(existing.token())) {
            return new CompletionOutcome.ClaimLost(claim.key());
        }
        entries.put(claim.key(), new Entry(IdempotencyRecord.COMPLETED, claim.payloadHash(), claim.token(), null, clock.instant().plus(ttl), result));
        return new CompletionOutcome.Recorded();
    }

    @Override
    public synchronized Optional<String> completedResult(String key, String payloadHash) {
        Entry existing = entries.get(key);
        boolean live = existing != null && existing.expiresAt().getEpochSecond() >= clock.instant().getEpochSecond();
        return live && IdempotencyRecord.COMPLETED.equals(existing.status()) && existing.payloadHash().equals(payloadHash)
                ? Optional.of(existing.result()) : Optional.empty();
    }

    @Override
    public synchronized void release(Claim claim) {
        Entry existing = entries.get(claim.key());
        if (existing != null && claim.token().equals(existing.token()) && IdempotencyRecord.IN_PROGRESS.equals(existing.status())) {
            entries.remove(claim.key());
        }
    }
}
