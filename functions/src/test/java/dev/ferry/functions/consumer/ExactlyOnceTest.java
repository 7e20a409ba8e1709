package dev.ferry.functions.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.batch.Outcome;
import dev.ferry.functions.testing.LocalTables;
import dev.ferry.idempotency.TransactionalIdempotency;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

class ExactlyOnceTest {

    private static LocalTables tables;

    @BeforeAll
    static void start() {
        tables = LocalTables.start();
        tables.client().putItem(b -> b.tableName(tables.name("accounts")).item(Map.of("id", AttributeValue.fromS("taken"))));
    }

    @AfterAll
    static void stop() {
        tables.close();
    }

    /** A write whose condition always fails, as a version check does when another consumer always wins the race. */
    private static ExactlyOnce.Plan alwaysOutraced() {
        return new ExactlyOnce.Plan.Commit(List.of(TransactWriteItem.builder().put(Put.builder().tableName(tables.name("accounts"))
                .item(Map.of("id", AttributeValue.fromS("taken"))).conditionExpression("attribute_not_exists(id)").build()).build()), "paid");
    }

    private static ExactlyOnce once(List<Integer> pausedBefore) {
        return new ExactlyOnce(new TransactionalIdempotency(tables.client(), tables.name("idempotency")), "payments", pausedBefore::add);
    }

    @Test
    void aConsumerThatKeepsLosingTheRacePausesBeforeEachNewPlanAndThenLeavesTheMessageForLater() {
        List<Integer> pausedBefore = new ArrayList<>();
        AtomicInteger plans = new AtomicInteger();

        Outcome outcome = once(pausedBefore).apply("event-1", "hash", () -> {
            plans.incrementAndGet();
            return alwaysOutraced();
        });

        assertThat(outcome).isInstanceOf(Outcome.Retry.class);
        assertThat(plans).hasValue(ExactlyOnce.ATTEMPTS);
        assertThat(pausedBefore).containsExactly(2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void aConsumerThatIsNotOutracedDoesNotPause() {
        List<Integer> pausedBefore = new ArrayList<>();

        Outcome outcome = once(pausedBefore).apply("event-2", "hash", () -> new ExactlyOnce.Plan.Settle(Outcome.done()));

        assertThat(outcome).isInstanceOf(Outcome.Done.class);
        assertThat(pausedBefore).isEmpty();
    }
}
