package dev.ferry.idempotency;

import dev.ferry.logging.JsonLogger;
import dev.ferry.logging.Logs;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The toolkit's one claim → effect → complete / release protocol, used by the HTTP endpoint
 * ({@code dev.ferry.http.IdempotentEndpoint}) and the batch consumers' effectively-once mode alike. Every
 * failure of every step has one answer:
 *
 * <table>
 *   <caption>failures and answers</caption>
 *   <tr><th>step</th><th>failure</th><th>answer</th></tr>
 *   <tr><td>claim</td><td>store error</td><td>{@link ExecutionOutcome.ClaimFailed}: nothing ran</td></tr>
 *   <tr><td>effect</td><td>throws</td><td>key released (a release error is added as suppressed), exception rethrown</td></tr>
 *   <tr><td>effect</td><td>{@link Attempt.Discard}</td><td>key released; {@link ExecutionOutcome.Discarded}
 *       (released = false when the release failed: repeats wait for the window)</td></tr>
 *   <tr><td>complete</td><td>store error</td><td>retried {@code completionAttempts} times with backoff, then
 *       {@link Recording.NotRecorded}: the effect's value still goes back to the caller</td></tr>
 *   <tr><td>complete</td><td>claim taken over</td><td>{@link Recording.ClaimLost}, logged</td></tr>
 * </table>
 *
 * <p>Retrying a completion is safe because the completed record keeps the claim's token: a retry of a
 * completion that was stored but whose answer was lost matches its own token again. If the process dies
 * after the effect but before the completion is stored, the claim expires and a retry runs the effect
 * again: effects that must never repeat belong in {@link TransactionalIdempotency}, or must be idempotent
 * themselves (a conditional write of an id derived from the key).
 */
public final class GuardedExecutor {

    private static final JsonLogger LOG = Logs.get(GuardedExecutor.class);

    /** @param completionAttempts tries of the completion write; @param completionBackoff pause after the n-th failure: n times this */
    public record Options(int completionAttempts, Duration completionBackoff) {
        public Options {
            if (completionAttempts < 1) {
                throw new IllegalArgumentException("completionAttempts must be at least 1, got " + completionAttempts);
            }
        }

        public static Options defaults() {
            return new Options(3, Duration.ofMillis(50));
        }
    }

    private final IdempotencyStore store;
    private final Options options;

    public GuardedExecutor(IdempotencyStore store, Options options) {
        this.store = store;
        this.options = options;
    }

    public GuardedExecutor(IdempotencyStore store) {
        this(store, Options.defaults());
    }

    /** Runs {@code effect} under {@code key} unless a run with the same payload already completed. */
    public <T> ExecutionOutcome<T> run(String key, String payloadHash, Duration inProgressFor, Supplier<Attempt<T>> effect) {
        ClaimOutcome claim;
        try {
            claim = store.claim(key, payloadHash, inProgressFor);
        } catch (RuntimeException storeFailed) {
            LOG.warn("could not claim the idempotency key; nothing ran", "idempotencyKey", key, "error", describe(storeFailed));
            return new ExecutionOutcome.ClaimFailed<>(storeFailed);
        }
        return switch (claim) {
            case ClaimOutcome.Completed done -> new ExecutionOutcome.Replayed<>(done.storedResult());
            case ClaimOutcome.InProgress busy -> new ExecutionOutcome.InProgress<>(busy.until());
            case ClaimOutcome.PayloadMismatch mismatch -> new ExecutionOutcome.PayloadMismatch<>(mismatch.key());
            case ClaimOutcome.Claimed claimed -> runClaimed(claimed.claim(), effect);
        };
    }

    /** The protocol for effects whose every result is kept: returns the string the effect returned. */
    public ExecutionOutcome<String> execute(String key, String payloadHash, Duration inProgressFor, Supplier<String> effect) {
        return run(key, payloadHash, inProgressFor, () -> {
            String result = effect.get();
            return Attempt.keep(result, result);
        });
    }

    private <T> ExecutionOutcome<T> runClaimed(Claim claim, Supplier<Attempt<T>> effect) {
        Attempt<T> attempt;
        try {
            attempt = effect.get();
        } catch (RuntimeException | Error failure) {
            try {
                store.release(claim);
            } catch (RuntimeException releaseFailed) {
                // The claim expires on its own; the effect's failure is the news, not this.
                failure.addSuppressed(releaseFailed);
            }
            throw failure;
        }
        return switch (attempt) {
            case Attempt.Keep<T> keep -> new ExecutionOutcome.Executed<>(keep.value(), complete(claim, keep.stored()));
            case Attempt.Discard<T> discard -> new ExecutionOutcome.Discarded<>(discard.value(), release(claim, discard.reason()));
        };
    }

    private Recording complete(Claim claim, String stored) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= options.completionAttempts(); attempt++) {
            try {
                if (store.complete(claim, stored) instanceof CompletionOutcome.ClaimLost) {
                    LOG.warn("the claim expired before the effect completed; another invocation may have run it too",
                            "idempotencyKey", claim.key(), "inProgressUntil", claim.inProgressUntil().toString());
                    return new Recording.ClaimLost();
                }
                return new Recording.Recorded();
            } catch (RuntimeException storeFailed) {
                last = storeFailed;
                if (attempt < options.completionAttempts() && !pause(attempt)) {
                    break;
                }
            }
        }
        LOG.error("the effect ran but its result could not be stored; repeats wait until the key's window ends, then run it again",
                last, "idempotencyKey", claim.key(), "inProgressUntil", claim.inProgressUntil().toString());
        return new Recording.NotRecorded(describe(last));
    }

    private boolean release(Claim claim, String reason) {
        try {
            store.release(claim);
            return true;
        } catch (RuntimeException storeFailed) {
            LOG.warn("could not release the key after a discarded attempt; repeats wait until its window ends",
                    "idempotencyKey", claim.key(), "reason", reason, "error", describe(storeFailed));
            return false;
        }
    }

    private boolean pause(int attempt) {
        try {
            Thread.sleep(options.completionBackoff().toMillis() * attempt);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String describe(RuntimeException e) {
        return e == null ? "unknown" : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
