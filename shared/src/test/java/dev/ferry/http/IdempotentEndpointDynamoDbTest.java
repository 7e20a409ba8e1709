package dev.ferry.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.idempotency.DynamoDbIdempotencyStore;
import dev.ferry.idempotency.IdempotencyRecord;
import dev.ferry.testing.LocalDynamoDb;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The Idempotency-Key helper on the DynamoDB store, with concurrent repeats of one request. */
class IdempotentEndpointDynamoDbTest {

    @Test
    void concurrentRepeatsRunTheActionOnceAndGetTheFirstResponseOrA409() throws Exception {
        try (LocalDynamoDb local = LocalDynamoDb.start()) {
            local.createTable("idempotency", IdempotencyRecord.ID, false);
            var client = local.client();
            IdempotentEndpoint endpoint = new IdempotentEndpoint(new DynamoDbIdempotencyStore(client, "idempotency"),
                    IdempotencyKeyOptions.required("payments"));
            AtomicInteger deposits = new AtomicInteger();
            HttpRequest request = new HttpRequest("POST", "/accounts/a-1/deposits", Map.of("Idempotency-Key", "dep-1"), "{\"amount\":50}");
            int threads = 8;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<HttpResponse>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return endpoint.handle(request, r -> {
                        deposits.incrementAndGet();
                        return new HttpResponse(202, Map.of("Location", "/accounts/a-1"), "{\"accepted\":true}");
                    });
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<HttpResponse> f : futures) {
                statuses.add(f.get().status());
            }
            pool.shutdownNow();
            assertThat(deposits).hasValue(1);
            assertThat(statuses).containsOnly(202, 409).contains(202);

            HttpResponse replay = endpoint.handle(request, r -> {
                throw new AssertionError("must not run again");
            });
            assertThat(replay.status()).isEqualTo(202);
            assertThat(replay.header("Location")).contains("/accounts/a-1");
            assertThat(endpoint.handle(new HttpRequest("POST", "/accounts/a-1/deposits", Map.of("Idempotency-Key", "dep-1"), "{\"amount\":60}"),
                    r -> new HttpResponse(202, Map.of(), "")).status()).isEqualTo(422);
            client.close();
        }
    }
}
