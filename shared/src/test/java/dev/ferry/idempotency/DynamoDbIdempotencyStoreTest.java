package dev.ferry.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.testing.FaultInjector;
import dev.ferry.testing.MeteredDynamoDb;
import dev.ferry.testing.MutableClock;
import dev.ferry.testing.RequestMeter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbIdempotencyStoreTest {

    private static final String TABLE = "idempotency";
    private static final Duration WINDOW = Duration.ofSeconds(30);
    private static MeteredDynamoDb dynamo;

    private MutableClock clock;
    private DynamoDbIdempotencyStore store;
    private String key;

    @BeforeAll
    static void startDynamoDb() {
        dynamo = MeteredDynamoDb.start();
        dynamo.local().createTable(TABLE, IdempotencyRecord.ID, false);
    }

    @AfterAll
    static void stopDynamoDb() {
        dynamo.close();
    }

    @BeforeEach
    void freshKey() {
        clock = new MutableClock(Instant.now());
        store = new DynamoDbIdempotencyStore(dynamo.client(), TABLE, Duration.ofHours(1), clock);
        key = "key-" + System.nanoTime();
        dynamo.reset();
    }

    @Test
    void firstExecutionCostsTwoWritesAndARepeatCostsOneRequest() {
        ClaimOutcome first = store.claim(key, "hash-a", WINDOW);
        assertThat(first).isInstanceOf(ClaimOutcome.Claimed.class);
        assertThat(store.complete(((ClaimOutcome.Claimed) first).claim(), "result-1")).isInstanceOf(CompletionOutcome.Recorded.class);

        assertThat(dynamo.meter().operations()).containsExactly("PutItem", "PutItem");
        assertThat(dynamo.meter().writeUnits()).isEqualTo(2.0);

        dynamo.meter().reset();
        ClaimOutcome repeat = store.claim(key, "hash-a", WINDOW);
        assertThat(repeat).isEqualTo(new ClaimOutcome.Completed("result-1"));
        assertThat(dynamo.meter().calls()).extracting(RequestMeter.Call::operation, RequestMeter.Call::succeeded)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("PutItem", false));
    }

    @Test
    void concurrentRepeatIsToldInProgress() {
        store.claim(key, "hash-a", WINDOW);
        ClaimOutcome second = store.claim(key, "hash-a", WINDOW);
        assertThat(second).isInstanceOf(ClaimOutcome.InProgress.class);
        assertThat(((ClaimOutcome.InProgress) second).until()).isEqualTo(Instant.ofEpochMilli(clock.instant().plus(WINDOW).toEpochMilli()));
    }

    @Test
    void keyReusedWithAnotherPayloadIsAMismatchWhetherInProgressOrCompleted() {
        ClaimOutcome.Claimed claimed = (ClaimOutcome.Claimed) store.claim(key, "hash-a", WINDOW);
        assertThat(store.claim(key, "hash-b", WINDOW)).isEqualTo(new ClaimOutcome.PayloadMismatch(key));
        store.complete(claimed.claim(), "r");
        assertThat(store.claim(key, "hash-b", WINDOW)).isEqualTo(new ClaimOutcome.PayloadMismatch(key));
    }

    @Test
    void releasedKeyCanBeClaimedAgain() {
        ClaimOutcome.Claimed claimed = (ClaimOutcome.Claimed) store.claim(key, "hash-a", WINDOW);
        store.release(claimed.claim());
        assertThat(store.claim(key, "hash-a", WINDOW)).isInstanceOf(ClaimOutcome.Claimed.class);
    }

    @Test
    void expiredInProgressClaimIsReclaimableAndTheOldOwnerLosesIt() {
        ClaimOutcome.Claimed crashed = (ClaimOutcome.Claimed) store.claim(key, "hash-a", WINDOW);
        clock.advance(WINDOW.plusMillis(1));
        ClaimOutcome.Claimed retry = (ClaimOutcome.Claimed) store.claim(key, "hash-a", WINDOW);

        assertThat(store.complete(crashed.claim(), "late")).isEqualTo(new CompletionOutcome.ClaimLost(key));
        store.release(crashed.claim());
        assertThat(store.complete(retry.claim(), "fresh")).isInstanceOf(CompletionOutcome.Recorded.class);
        assertThat(store.claim(key, "hash-a", WINDOW)).isEqualTo(new ClaimOutcome.Completed("fresh"));
    }

    @Test
    void completedKeyPastItsTtlIsForgottenEvenBeforeDynamoDbDeletesIt() {
        ClaimOutcome.Claimed claimed = (ClaimOutcome.Claimed) store.claim(key, "hash-a", WINDOW);
        store.complete(claimed.claim(), "r");
        clock.advance(Duration.ofHours(1).plusSeconds(2));
        assertThat(store.claim(key, "hash-a", WINDOW)).isInstanceOf(ClaimOutcome.Claimed.class);
    }

    @Test
    void recordsCarryTheTtlAttributeInEpochSeconds() {
        ClaimOutcome.Claimed claimed = (ClaimOutcome.Claimed) store.claim(key, "hash-a", WINDOW);
        store.complete(claimed.claim(), "r");
        Map<String, AttributeValue> item = dynamo.client().getItem(b -> b.tableName(TABLE).key(Map.of("id", AttributeValue.fromS(key)))).item();
        assertThat(item.get("expiresAt").n()).isEqualTo(Long.toString(clock.instant().plus(Duration.ofHours(1)).getEpochSecond()));
        assertThat(item.get("status").s()).isEqualTo("COMPLETED");
        assertThat(item).doesNotContainKeys("inProgressUntil");
    }

    @Test
    void manyThreadsWithTheSameKeyRunTheEffectOnce() throws Exception {
        GuardedExecutor executor = new GuardedExecutor(store);
        AtomicInteger effects = new AtomicInteger();
        int threads = 12;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<ExecutionOutcome<String>>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return executor.execute(key, "hash-a", WINDOW, () -> "effect-" + effects.incrementAndGet());
                }));
            }
            start.countDown();
            List<ExecutionOutcome<String>> outcomes = new ArrayList<>();
            for (Future<ExecutionOutcome<String>> f : results) {
                outcomes.add(f.get());
            }
            assertThat(effects).hasValue(1);
            assertThat(outcomes).filteredOn(o -> o instanceof ExecutionOutcome.Executed).hasSize(1);
            assertThat(outcomes).allMatch(o -> o instanceof ExecutionOutcome.Executed || o instanceof ExecutionOutcome.InProgress
                    || o instanceof ExecutionOutcome.Replayed);
        } finally {
            pool.shutdownNow();
        }
        assertThat(executor.execute(key, "hash-a", WINDOW, () -> "again")).isEqualTo(new ExecutionOutcome.Replayed<>("effect-1"));
    }

    // --- a crash injected at every step of guarded mode --------------------------------------------

    @Test
    void crashBeforeTheClaimIsSentLeavesNothingAndTheRetryRunsOnce() {
        GuardedExecutor executor = new GuardedExecutor(store);
        AtomicInteger effects = new AtomicInteger();
        dynamo.faults().arm("PutItem", FaultInjector.Phase.BEFORE_SEND);
        assertThat(executor.execute(key, "h", WINDOW, () -> "r" + effects.incrementAndGet()))
                .isInstanceOfSatisfying(ExecutionOutcome.ClaimFailed.class, f -> assertThat(f.cause()).isInstanceOf(FaultInjector.InjectedFault.class));
        assertThat(executor.execute(key, "h", WINDOW, () -> "r" + effects.incrementAndGet())).isEqualTo(executed("r1"));
        assertThat(effects).hasValue(1);
    }

    @Test
    void crashAfterTheClaimWasStoredBlocksRetriesUntilTheWindowEnds() {
        GuardedExecutor executor = new GuardedExecutor(store);
        AtomicInteger effects = new AtomicInteger();
        dynamo.faults().arm("PutItem", FaultInjector.Phase.AFTER_EXECUTION);
        assertThat(executor.execute(key, "h", WINDOW, () -> "r" + effects.incrementAndGet())).isInstanceOf(ExecutionOutcome.ClaimFailed.class);
        assertThat(executor.execute(key, "h", WINDOW, () -> "r" + effects.incrementAndGet())).isInstanceOf(ExecutionOutcome.InProgress.class);
        clock.advance(WINDOW.plusMillis(1));
        assertThat(executor.execute(key, "h", WINDOW, () -> "r" + effects.incrementAndGet())).isEqualTo(executed("r1"));
        assertThat(effects).hasValue(1);
    }

    @Test
    void failingEffectReleasesTheKeySoTheRetryRunsIt() {
        GuardedExecutor executor = new GuardedExecutor(store);
        assertThatThrownBy(() -> executor.execute(key, "h", WINDOW, () -> {
            throw new IllegalStateException("payment provider down");
        })).hasMessage("payment provider down");
        assertThat(dynamo.meter().operations()).as("claim, then release").containsExactly("PutItem", "DeleteItem");
        assertThat(executor.execute(key, "h", WINDOW, () -> "ok")).isEqualTo(executed("ok"));
    }

    @Test
    void crashBetweenEffectAndCompletionRunsTheEffectAgainAfterTheWindow() {
        // The documented guarded-mode window: this is why transactional mode exists.
        GuardedExecutor executor = new GuardedExecutor(store);
        AtomicInteger effects = new AtomicInteger();
        ClaimOutcome.Claimed claimed = (ClaimOutcome.Claimed) store.claim(key, "h", WINDOW);
        effects.incrementAndGet();
        dynamo.faults().arm("PutItem", FaultInjector.Phase.BEFORE_SEND);
        assertThatThrownBy(() -> store.complete(claimed.claim(), "r1")).isInstanceOf(FaultInjector.InjectedFault.class);

        assertThat(executor.execute(key, "h", WINDOW, () -> "r" + effects.incrementAndGet())).isInstanceOf(ExecutionOutcome.InProgress.class);
        assertThat(effects).hasValue(1);
        clock.advance(WINDOW.plusMillis(1));
        assertThat(executor.execute(key, "h", WINDOW, () -> "r" + effects.incrementAndGet())).isEqualTo(executed("r2"));
        assertThat(effects).as("guarded mode runs the effect again after a crash between effect and completion").hasValue(2);
    }

    @Test
    void completionStoredButItsAnswerLostStillReplays() {
        GuardedExecutor executor = new GuardedExecutor(store);
        AtomicInteger effects = new AtomicInteger();
        ClaimOutcome.Claimed claimed = (ClaimOutcome.Claimed) store.claim(key, "h", WINDOW);
        effects.incrementAndGet();
        dynamo.faults().arm("PutItem", FaultInjector.Phase.AFTER_EXECUTION);
        assertThatThrownBy(() -> store.complete(claimed.claim(), "r1")).isInstanceOf(FaultInjector.InjectedFault.class);
        assertThat(executor.execute(key, "h", WINDOW, () -> "r" + effects.incrementAndGet())).isEqualTo(new ExecutionOutcome.Replayed<>("r1"));
        assertThat(effects).hasValue(1);
    }

    @Test
    void completionWhoseAnswerWasLostIsRetriedAndStillMatchesItsClaim() {
        GuardedExecutor executor = new GuardedExecutor(store, new GuardedExecutor.Options(3, Duration.ZERO));
        ExecutionOutcome<String> outcome = executor.execute(key, "h", WINDOW, () -> {
            // The completion is stored, then its answer is lost: the retry must not read it as a lost claim.
            dynamo.faults().arm("PutItem", FaultInjector.Phase.AFTER_EXECUTION);
            return "r1";
        });
        assertThat(outcome).isEqualTo(executed("r1"));
        assertThat(executor.execute(key, "h", WINDOW, () -> "r2")).isEqualTo(new ExecutionOutcome.Replayed<>("r1"));
    }

    @Test
    void crashDuringReleaseBlocksUntilTheWindowEndsThenRunsOnce() {
        GuardedExecutor executor = new GuardedExecutor(store);
        dynamo.faults().arm("DeleteItem", FaultInjector.Phase.BEFORE_SEND);
        assertThatThrownBy(() -> executor.execute(key, "h", WINDOW, () -> {
            throw new IllegalStateException("effect failed");
        })).hasMessage("effect failed").satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        assertThat(executor.execute(key, "h", WINDOW, () -> "ok")).isInstanceOf(ExecutionOutcome.InProgress.class);
        clock.advance(WINDOW.plusMillis(1));
        assertThat(executor.execute(key, "h", WINDOW, () -> "ok")).isEqualTo(executed("ok"));
    }

    private static ExecutionOutcome<String> executed(String result) {
        return new ExecutionOutcome.Executed<>(result, new Recording.Recorded());
    }
}
