package dev.ferry.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/** One answer to each failure of each step of the claim -> effect -> complete / release protocol. */
class GuardedExecutorTest {

    private static final Duration WINDOW = Duration.ofSeconds(30);
    private static final GuardedExecutor.Options NO_PAUSE = new GuardedExecutor.Options(3, Duration.ZERO);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final FlakyStore store = new FlakyStore(new InMemoryIdempotencyStore(Duration.ofDays(1), clock));
    private final GuardedExecutor executor = new GuardedExecutor(store, NO_PAUSE);
    private final AtomicInteger deposits = new AtomicInteger();

    private Attempt<String> deposit() {
        int n = deposits.incrementAndGet();
        return Attempt.keep("deposit " + n, "deposit " + n);
    }

    @Test
    void aDepositRunsOnceAndItsRepeatReplaysTheFirstResult() {
        assertThat(executor.run("k", "h", WINDOW, this::deposit)).isEqualTo(new ExecutionOutcome.Executed<>("deposit 1", new Recording.Recorded()));
        assertThat(executor.run("k", "h", WINDOW, this::deposit)).isEqualTo(new ExecutionOutcome.Replayed<>("deposit 1"));
        assertThat(deposits).hasValue(1);
    }

    @Test
    void aClaimTheStoreRefusesRunsNothingAndTheRetryRunsOnce() {
        store.failClaims(1);
        assertThat(executor.run("k", "h", WINDOW, this::deposit)).isInstanceOfSatisfying(ExecutionOutcome.ClaimFailed.class,
                failed -> assertThat(failed.cause()).isInstanceOf(ProvisionedThroughputExceededException.class));
        assertThat(deposits).hasValue(0);
        assertThat(executor.run("k", "h", WINDOW, this::deposit)).isInstanceOf(ExecutionOutcome.Executed.class);
        assertThat(deposits).hasValue(1);
    }

    @Test
    void anEffectThatThrowsGivesTheKeyBackSoTheRetryRunsIt() {
        assertThatThrownBy(() -> executor.run("k", "h", WINDOW, () -> {
            throw new IllegalStateException("bank unreachable");
        })).hasMessage("bank unreachable");
        assertThat(executor.run("k", "h", WINDOW, this::deposit)).isInstanceOf(ExecutionOutcome.Executed.class);
    }

    @Test
    void anEffectThatThrowsKeepsItsOwnErrorWhenTheReleaseFailsToo() {
        store.failReleases(1);
        assertThatThrownBy(() -> executor.run("k", "h", WINDOW, () -> {
            throw new IllegalStateException("bank unreachable");
        })).hasMessage("bank unreachable").satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        assertThat(executor.run("k", "h", WINDOW, this::deposit)).as("the key is held until its window ends")
                .isInstanceOf(ExecutionOutcome.InProgress.class);
        clock.advance(WINDOW.plusMillis(1));
        assertThat(executor.run("k", "h", WINDOW, this::deposit)).isInstanceOf(ExecutionOutcome.Executed.class);
        assertThat(deposits).hasValue(1);
    }

    @Test
    void aDiscardedAttemptGivesTheKeyBack() {
        assertThat(executor.run("k", "h", WINDOW, () -> Attempt.discard("503", "downstream unavailable")))
                .isEqualTo(new ExecutionOutcome.Discarded<>("503", true));
        assertThat(executor.run("k", "h", WINDOW, this::deposit)).isInstanceOf(ExecutionOutcome.Executed.class);
    }

    @Test
    void aDiscardedAttemptWhoseReleaseFailsHoldsTheKeyUntilItsWindowEnds() {
        store.failReleases(1);
        assertThat(executor.run("k", "h", WINDOW, () -> Attempt.discard("503", "downstream unavailable")))
                .isEqualTo(new ExecutionOutcome.Discarded<>("503", false));
        assertThat(executor.run("k", "h", WINDOW, this::deposit)).isInstanceOf(ExecutionOutcome.InProgress.class);
        clock.advance(WINDOW.plusMillis(1));
        assertThat(executor.run("k", "h", WINDOW, this::deposit)).isInstanceOf(ExecutionOutcome.Executed.class);
    }

    @Test
    void aThrottledCompletionIsRetriedAndRecorded() {
        store.failCompletions(2);
        assertThat(executor.run("k", "h", WINDOW, this::deposit)).isEqualTo(new ExecutionOutcome.Executed<>("deposit 1", new Recording.Recorded()));
        assertThat(store.completeCalls()).isEqualTo(3);
        assertThat(executor.run("k", "h", WINDOW, this::deposit)).isEqualTo(new ExecutionOutcome.Replayed<>("deposit 1"));
    }

    @Test
    void aCompletionThrottledThroughoutStillHandsTheEffectsResultBack() {
        store.failCompletions(3);
        assertThat(executor.run("k", "h", WINDOW, this::deposit)).isInstanceOfSatisfying(ExecutionOutcome.Executed.class, executed -> {
            assertThat(executed.value()).isEqualTo("deposit 1");
            assertThat(executed.recording()).isInstanceOf(Recording.NotRecorded.class);
        });
        assertThat(executor.run("k", "h", WINDOW, this::deposit)).as("repeats wait for the claim's window")
                .isInstanceOf(ExecutionOutcome.InProgress.class);
        clock.advance(WINDOW.plusMillis(1));
        assertThat(executor.run("k", "h", WINDOW, this::deposit)).as("then the guarded-mode window: the effect runs again")
                .isInstanceOf(ExecutionOutcome.Executed.class);
        assertThat(deposits).hasValue(2);
    }

    @Test
    void aCompletionAfterTheClaimExpiredAndWasTakenOverIsReportedLost() {
        Duration shortWindow = Duration.ofSeconds(1);
        ExecutionOutcome<String> outcome = executor.run("k", "h", shortWindow, () -> {
            clock.advance(Duration.ofSeconds(2));
            assertThat(store.claim("k", "h", WINDOW)).isInstanceOf(ClaimOutcome.Claimed.class);
            return deposit();
        });
        assertThat(outcome).isEqualTo(new ExecutionOutcome.Executed<>("deposit 1", new Recording.ClaimLost()));
    }

    @Test
    void aKeyReusedWithAnotherPayloadRunsNothing() {
        executor.run("k", "h", WINDOW, this::deposit);
        assertThat(executor.run("k", "other", WINDOW, this::deposit)).isEqualTo(new ExecutionOutcome.PayloadMismatch<>("k"));
        assertThat(deposits).hasValue(1);
    }
}
