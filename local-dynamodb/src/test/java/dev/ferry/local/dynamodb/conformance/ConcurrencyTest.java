package dev.ferry.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

class ConcurrencyTest extends ConformanceTest {

    /** Runs {@code threads} copies of a task released at the same instant; returns their results. */
    private static <T> List<T> race(int threads, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) results.add(f.get());
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void racingConditionalPutsOnOneKeyHaveExactlyOneWinner() throws Exception {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithItems.html#WorkingWithItems.ConditionalUpdate "Conditional writes are helpful in cases
        //   where multiple users attempt to modify the same item"; CRUD operations "are atomic" (#WorkingWithItems)
        String table = hashTable("race");
        for (int round = 0; round < 5; round++) {
            String key = "idempotency-key-" + round;
            AtomicInteger attempt = new AtomicInteger();
            List<Boolean> won = race(16, () -> {
                int me = attempt.incrementAndGet();
                try {
                    dynamodb.putItem(b -> b.tableName(table).item(item("id", s(key), "owner", n(me)))
                            .conditionExpression("attribute_not_exists(id)"));
                    return true;
                } catch (ConditionalCheckFailedException lost) {
                    return false;
                }
            });
            assertThat(won).filteredOn(w -> w).hasSize(1);
        }
    }

    @Test
    void concurrentAtomicIncrementsAddUpExactly() throws Exception {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithItems.html#WorkingWithItems.AtomicCounters "incremented, unconditionally, without
        //   interfering with other write requests"
        String table = hashTable("counter");
        int perThread = 40;
        race(8, () -> {
            for (int i = 0; i < perThread; i++) {
                dynamodb.updateItem(b -> b.tableName(table).key(item("id", s("counter")))
                        .updateExpression("ADD hits :one").expressionAttributeValues(Map.of(":one", n(1))));
            }
            return null;
        });
        assertThat(dynamodb.getItem(b -> b.tableName(table).key(item("id", s("counter"))).consistentRead(true)).item().get("hits"))
                .isEqualTo(n(8 * perThread));
    }

    @Test
    void concurrentTransfersBetweenAccountsPreserveTheTotal() throws Exception {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-apis-txwriteitems "a single all-or-nothing operation";
        //   #transaction-isolation (serializable isolation between transactions and single-item writes)
        String table = hashTable("transfers");
        int accounts = 4;
        for (int i = 0; i < accounts; i++) {
            int a = i;
            dynamodb.putItem(b -> b.tableName(table).item(item("id", s("acc" + a), "balance", n(100))));
        }
        AtomicInteger committed = new AtomicInteger();
        race(8, () -> {
            for (int i = 0; i < 25; i++) {
                int from = ThreadLocalRandom.current().nextInt(accounts);
                int to = (from + 1 + ThreadLocalRandom.current().nextInt(accounts - 1)) % accounts;
                try {
                    dynamodb.transactWriteItems(b -> b.transactItems(
                            TransactWriteItem.builder().update(u -> u.tableName(table).key(item("id", s("acc" + from)))
                                    .updateExpression("SET balance = balance - :amount").conditionExpression("balance >= :amount")
                                    .expressionAttributeValues(Map.of(":amount", n(30)))).build(),
                            TransactWriteItem.builder().update(u -> u.tableName(table).key(item("id", s("acc" + to)))
                                    .updateExpression("SET balance = balance + :amount")
                                    .expressionAttributeValues(Map.of(":amount", n(30)))).build()));
                    committed.incrementAndGet();
                } catch (TransactionCanceledException insufficientFunds) {
                    // a cancelled transfer must leave both balances untouched
                }
            }
            return null;
        });
        int total = 0;
        for (var item : dynamodb.scan(b -> b.tableName(table).consistentRead(true)).items()) {
            int balance = Integer.parseInt(item.get("balance").n());
            assertThat(balance).isGreaterThanOrEqualTo(0);
            total += balance;
        }
        assertThat(total).isEqualTo(accounts * 100);
        assertThat(committed.get()).isPositive();
    }

    @Test
    void aStreamReaderFollowingConcurrentWritersSeesEveryChangeOnceInOrder() throws Exception {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html "Each stream record appears exactly once in the stream"; "For each item that is modified
        //   ..., the stream records appear in the same sequence as the actual modifications to the item"
        String table = streamedTable("streamrace", software.amazon.awssdk.services.dynamodb.model.StreamViewType.NEW_IMAGE);
        String arn = dynamodb.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        // A reader per shard, as Lambda has: each follows its shard's iterators while the writers write.
        Map<String, String> iterators = new java.util.LinkedHashMap<>();
        for (var shard : StreamContents.shards(streams, arn)) {
            iterators.put(shard.shardId(), streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                    .shardIteratorType(software.amazon.awssdk.services.dynamodb.model.ShardIteratorType.TRIM_HORIZON)).shardIterator());
        }
        int writers = 4;
        int perWriter = 50;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        int n = i;
                        dynamodb.updateItem(b -> b.tableName(table).key(item("id", s("w" + writer)))
                                .updateExpression("SET n = :n").expressionAttributeValues(Map.of(":n", n(n))));
                    }
                    return null;
                }));
            }
            List<software.amazon.awssdk.services.dynamodb.model.Record> seen = new ArrayList<>();
            Map<String, List<java.math.BigInteger>> sequencesByShard = new java.util.HashMap<>();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (seen.size() < writers * perWriter && System.nanoTime() < deadline) {
                for (var e : iterators.entrySet()) {
                    String it = e.getValue();
                    var page = streams.getRecords(b -> b.shardIterator(it));
                    seen.addAll(page.records());
                    page.records().forEach(r -> sequencesByShard.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                            .add(new java.math.BigInteger(r.dynamodb().sequenceNumber())));
                    e.setValue(page.nextShardIterator());
                }
            }
            for (Future<?> f : done) f.get();
            assertThat(seen).hasSize(writers * perWriter);
            assertThat(sequencesByShard.values()).allSatisfy(sequences -> assertThat(sequences).isSorted().doesNotHaveDuplicates());
            for (int w = 0; w < writers; w++) {
                String id = "w" + w;
                assertThat(seen).filteredOn(r -> r.dynamodb().keys().get("id").s().equals(id))
                        .extracting(r -> Integer.parseInt(r.dynamodb().newImage().get("n").n()))
                        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, perWriter).boxed().toList());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void writesRacingATableDeletionEitherSucceedOrFindNoTable() throws Exception {
        // Ferry's choice: the emulator deletes a table at once, so a write meets either the table or ResourceNotFoundException;
        //   AWS deletes asynchronously and "might continue to accept data read and write requests" while DELETING
        //   (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteTable.html), hence emulator-only
        org.assertj.core.api.Assumptions.assumeThat(target.embedded()).as("AWS deletes tables asynchronously").isTrue();
        String table = hashTable("deleterace");
        AtomicInteger written = new AtomicInteger();
        List<String> outcomes = race(4, () -> {
            for (int i = 0; i < 200; i++) {
                int n = i;
                try {
                    dynamodb.putItem(b -> b.tableName(table).item(item("id", s(Thread.currentThread().getName() + n))));
                    written.incrementAndGet();
                    if (n == 20 && Thread.currentThread().getName().endsWith("-1")) dynamodb.deleteTable(b -> b.tableName(table));
                } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException gone) {
                    return "gone";
                }
            }
            return "finished";
        });
        assertThat(outcomes).contains("gone");
        assertThat(written.get()).isPositive();
    }
}
