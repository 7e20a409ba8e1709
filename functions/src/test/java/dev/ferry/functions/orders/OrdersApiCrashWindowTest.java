package dev.ferry.functions.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.functions.api.KeyedPosts;
import dev.ferry.functions.events.Events;
import dev.ferry.functions.testing.CrashOnFirstCompletion;
import dev.ferry.functions.testing.LocalTables;
import dev.ferry.http.HttpRequest;
import dev.ferry.http.HttpResponse;
import dev.ferry.http.IdempotencyKeyOptions;
import dev.ferry.http.IdempotentEndpoint;
import dev.ferry.outbox.Outbox;
import dev.ferry.outbox.OutboxTable;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The guarded store's crash window at the API: the order and its OrderPlaced commit, then the process dies
 * before the key's completion is stored. A retry with the same key after the in-progress window must not
 * place (and so charge for) a second order.
 */
class OrdersApiCrashWindowTest {

    private static final String ACCOUNT = "5d0c7a8e-3b1f-4e2a-9c6d-1f2e3a4b5c6d";
    private static LocalTables tables;

    @BeforeAll
    static void start() {
        tables = LocalTables.start();
    }

    @AfterAll
    static void stop() {
        tables.close();
    }

    @Test
    void retryAfterACrashBetweenTheOrderWriteAndTheKeyCompletionPlacesNoSecondOrder() throws Exception {
        String table = tables.name("orders");
        KeyedPosts posts = new KeyedPosts(new IdempotentEndpoint(new CrashOnFirstCompletion(),
                IdempotencyKeyOptions.required("OrdersApi").inProgressFor(Duration.ofMillis(1))));
        OrdersApi api = new OrdersApi(new OrderTable(tables.client(), table),
                new Outbox(tables.client(), OutboxTable.named(tables.name("orders-outbox")), Events.codec()), posts, Clock.systemUTC());
        String key = UUID.randomUUID().toString();
        HttpRequest request = new HttpRequest("POST", "/orders", Map.of("Idempotency-Key", key, "Content-Type", "application/json"),
                "{\"accountId\":\"" + ACCOUNT + "\",\"amount\":\"7.25\",\"currency\":\"USD\"}");
        int ordersBefore = tables.outbox("orders", Events.ORDER_PLACED).size();

        assertThatThrownBy(() -> api.routes().dispatch(request)).hasMessage(CrashOnFirstCompletion.CRASH);
        Thread.sleep(20); // the crashed invocation's in-progress window has passed
        HttpResponse retry = api.routes().dispatch(request);

        assertThat(retry.status()).isEqualTo(202);
        assertThat(tables.outbox("orders", Events.ORDER_PLACED)).as("one OrderPlaced, so one payment")
                .hasSize(ordersBefore + 1);
    }
}
