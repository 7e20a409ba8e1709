package dev.ferry.idempotency;

import dev.ferry.logging.JsonLogger;
import dev.ferry.logging.Logs;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Runs an effect at most once per key while it succeeds: claim, run, complete; on an exception the claim
 * is released and the exception rethrown, so a retry runs the effect again. If the process dies after the
 * effect but before the completion write, the claim expires and a retry runs the effect again: effects that
 * must never repeat belong in {@link TransactionalIdempotency}.
 */
public final class GuardedExecutor {

    private static final JsonLogger LOG = Logs.get(GuardedExecutor.class);

    private final IdempotencyStore store;

    public GuardedExecutor(IdempotencyStore store) {
        this.store = store;
    }

    public ExecutionOutcome execute(String key, String payloadHash, Duration inProgressFor, Supplier<String> effect) {
        return switch (store.claim(key, payloadHash, inProgressFor)) {
            case ClaimOutcome.Completed done -> new ExecutionOutcome.Replayed(done.storedResult());
            case ClaimOutcome.InProgress busy -> new ExecutionOutcome.InProgress(busy.until());
            case ClaimOutcome.PayloadMismatch mismatch -> new ExecutionOutcome.PayloadMismatch(mismatch.key());
            case ClaimOutcome.Claimed claimed -> {
                String result;
                try {
                    result = effect.get();
                } catch (RuntimeException | Error failure) {
                    releaseQuietly(claimed.claim(), failure);
                    throw failure;
                }
                if (store.complete(claimed.claim(), result) instanceof CompletionOutcome.ClaimLost) {
                    LOG.warn("the claim expired before the effect completed; another invocation may have run it too",
                            "idempotencyKey", key, "inProgressUntil", claimed.claim().inProgressUntil().toString());
                }
                yield new ExecutionOutcome.Executed(result);
            }
        };
    }

    private void releaseQuietly(Claim claim, Throwable cause) {
        try {
            store.release(claim);
        } catch (RuntimeException releaseFailed) {
            // The claim expires on its own; the effect's failure is the news, not this.
            cause.addSuppressed(releaseFailed);
        }
    }
}
