package dev.ferry.functions.testing;

import dev.ferry.idempotency.Claim;
import dev.ferry.idempotency.ClaimOutcome;
import dev.ferry.idempotency.CompletionOutcome;
import dev.ferry.idempotency.IdempotencyStore;
import dev.ferry.idempotency.InMemoryIdempotencyStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The guarded store as a dying invocation sees it: its first completion write never happens (it throws,
 * storing nothing), so the key stays IN_PROGRESS until its window ends, as after a crash. The crash is an
 * {@link Error}: a store failure (an exception) would be retried by the protocol, a dead process is not.
 */
public final class CrashOnFirstCompletion implements IdempotencyStore {

    public static final String CRASH = "the invocation died before the completion write";

    private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
    private final AtomicBoolean crashed = new AtomicBoolean();

    @Override
    public ClaimOutcome claim(String key, String payloadHash, Duration inProgressFor) {
        return store.claim(key, payloadHash, inProgressFor);
    }

    @Override
    public CompletionOutcome complete(Claim claim, String result) {
        if (crashed.compareAndSet(false, true)) {
            throw new InvocationDied(CRASH);
        }
        return store.complete(claim, result);
    }

    @Override
    public Optional<String> completedResult(String key, String payloadHash) {
        return store.completedResult(key, payloadHash);
    }

    @Override
    public void release(Claim claim) {
        store.release(claim);
    }

    /** The process ended here: nothing after this line of the invocation runs. */
    public static final class InvocationDied extends Error {
        InvocationDied(String message) {
            super(message);
        }
    }
}
