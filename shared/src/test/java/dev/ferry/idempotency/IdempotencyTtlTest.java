package dev.ferry.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.LocalDynamoDb;
import dev.ferry.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Records written by both modes carry the table's TTL attribute, and DynamoDB's TTL removes them. */
class IdempotencyTtlTest {

    @Test
    void completedRecordsOfBothModesAreDeletedByTtl() {
        MutableClock clock = new MutableClock(Instant.now());
        try (LocalDynamoDb local = LocalDynamoDb.start(clock)) {
            local.createTable("idempotency", IdempotencyRecord.ID, false);
            DynamoDbClient dynamoDb = local.client();
            var guarded = new DynamoDbIdempotencyStore(dynamoDb, "idempotency", Duration.ofMinutes(10), clock);
            var transactional = new TransactionalIdempotency(dynamoDb, "idempotency", Duration.ofMinutes(10), clock);
            ClaimOutcome.Claimed claimed = (ClaimOutcome.Claimed) guarded.claim("g", "h", Duration.ofSeconds(30));
            guarded.complete(claimed.claim(), "r");
            guarded.claim("crashed", "h", Duration.ofSeconds(30)); // never completed: TTL still applies
            transactional.commit("t", "h", "r", java.util.List.of());

            local.emulator().sweepExpiredItems();
            assertThat(count(local)).isEqualTo(3);

            clock.advance(Duration.ofMinutes(10).plusSeconds(2));
            local.emulator().sweepExpiredItems();
            assertThat(count(local)).isZero();
            assertThat(guarded.claim("g", "h", Duration.ofSeconds(30))).isInstanceOf(ClaimOutcome.Claimed.class);
            dynamoDb.close();
        }
    }

    private static int count(LocalDynamoDb local) {
        int n = 0;
        for (String id : new String[] {"g", "crashed", "t"}) {
            Map<String, AttributeValue> item = local.admin().getItem(b -> b.tableName("idempotency")
                    .key(Map.of("id", AttributeValue.fromS(id))).consistentRead(true)).item();
            n += item.isEmpty() ? 0 : 1;
        }
        return n;
    }
}
