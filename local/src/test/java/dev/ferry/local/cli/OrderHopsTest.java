package dev.ferry.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.local.cli.DomainEventTap.TappedEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How {@code ferry load} times an order's hops from the client's clock, the orders table and the tapped domain events. */
class OrderHopsTest {
    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    static final Duration WINDOWS = Duration.ofSeconds(2);

    final List<OrderBurst.Placed> placed = new ArrayList<>();
    final Map<String, OrderStates.State> states = new HashMap<>();
    final List<TappedEvent> events = new ArrayList<>();

    /**
     * Order {@code i} sent at T0 + i s and raised 10 ms later; each event then accepted by SNS {@code step} ms after it
     * was raised, queued 2 ms later, and the next event raised {@code step} ms after that.
     */
    void confirmedOrder(int i, long step) {
        Instant sent = T0.plusSeconds(i);
        String correlation = "load-r-order-" + i;
        placed.add(new OrderBurst.Placed(i, "order-" + i, correlation, 0, BigDecimal.ONE, sent, Duration.ofMillis(30).toNanos()));
        Instant placedAt = sent.plusMillis(10);
        Instant placedQueued = placedAt.plusMillis(step + 2);
        Instant paid = placedQueued.plusMillis(step);
        Instant paidQueued = paid.plusMillis(step + 2);
        Instant confirmed = paidQueued.plusMillis(step);
        events.add(event("p" + i, "dev.ferry.orders.OrderPlaced.v1", correlation, placedAt, placedAt.plusMillis(step)));
        events.add(event("s" + i, "dev.ferry.payments.PaymentSucceeded.v1", correlation, paid, paid.plusMillis(step)));
        events.add(event("c" + i, "dev.ferry.orders.OrderConfirmed.v1", correlation, confirmed, confirmed.plusMillis(5)));
        states.put("order-" + i, new OrderStates.State("CONFIRMED", Optional.of(placedAt), Optional.of(confirmed)));
    }

    /** An event accepted by SNS at {@code published} and queued 2 ms later. */
    static TappedEvent event(String id, String type, String correlation, Instant time, Instant published) {
        return new TappedEvent(id, type, correlation, time, published, published.plusMillis(2));
    }

    @Test
    void eachHopIsTheTimeBetweenTwoRecordedInstants() {
        confirmedOrder(0, 100);
        confirmedOrder(1, 300);

        OrderHops.Report r = OrderHops.of(placed, states, events, WINDOWS);

        assertThat(r.timed()).isEqualTo(2);
        assertThat(r.untimed()).isZero();
        assertThat(r.hops().get(OrderHops.Hop.ANSWER).percentileMillis(50)).isEqualTo(30.0);
        assertThat(r.hops().get(OrderHops.Hop.PLACED).percentileMillis(100)).isEqualTo(10.0);
        assertThat(r.hops().get(OrderHops.Hop.RELAY_PLACED).percentileMillis(50)).isEqualTo(100.0);
        assertThat(r.hops().get(OrderHops.Hop.SNS_PLACED).percentileMillis(50)).isEqualTo(2.0);
        assertThat(r.hops().get(OrderHops.Hop.PAYMENT).percentileMillis(100)).isEqualTo(300.0);
        assertThat(r.hops().get(OrderHops.Hop.RELAY_PAYMENT).percentileMillis(100)).isEqualTo(300.0);
        assertThat(r.hops().get(OrderHops.Hop.SNS_PAYMENT).percentileMillis(100)).isEqualTo(2.0);
        assertThat(r.hops().get(OrderHops.Hop.CONFIRM).percentileMillis(50)).isEqualTo(100.0);
        // 10 ms in the API, then six hops
        assertThat(r.hops().get(OrderHops.Hop.END_TO_END).percentileMillis(50)).isEqualTo(414.0);
        assertThat(r.hops().get(OrderHops.Hop.END_TO_END).maxMillis()).isEqualTo(1214.0);
        assertThat(r.hops().get(OrderHops.Hop.BEYOND_WINDOWS).maxMillis()).isEqualTo(1214.0 - 2000.0);
        // settled from T0 to the last CONFIRMED: T0 + 1 s + 1214 ms
        assertThat(r.finalPerSecond()).isEqualTo(2 / 2.214, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(OrderHops.steps(events)).isEqualTo(6);
    }

    @Test
    void aRepublishedEventCountsFromItsFirstPublication() {
        confirmedOrder(0, 100);
        TappedEvent first = events.getFirst();
        events.add(event(first.id(), first.type(), first.correlationId(), first.time(), first.published().plusSeconds(60)));

        OrderHops.Report r = OrderHops.of(placed, states, events, WINDOWS);

        assertThat(r.hops().get(OrderHops.Hop.RELAY_PLACED).maxMillis()).isEqualTo(100.0);
        assertThat(r.hops().get(OrderHops.Hop.PAYMENT).maxMillis()).isEqualTo(100.0);
        assertThat(OrderHops.steps(events)).isEqualTo(3);
    }

    @Test
    void rejectedOrdersAndOrdersWithoutTheirEventsAreSettledButNotTimed() {
        confirmedOrder(0, 100);
        confirmedOrder(1, 100);
        confirmedOrder(2, 100);
        states.put("order-1", new OrderStates.State("REJECTED", Optional.of(T0), Optional.of(T0.plusSeconds(3))));
        events.removeIf(e -> e.correlationId().equals("load-r-order-2") && e.type().contains("PaymentSucceeded"));

        OrderHops.Report r = OrderHops.of(placed, states, events, WINDOWS);

        assertThat(r.timed()).isEqualTo(1);
        assertThat(r.untimed()).isEqualTo(2);
        assertThat(r.finalOrders()).isEqualTo(3);
    }

    @Test
    void pendingOrdersAreNeitherSettledNorTimed() {
        confirmedOrder(0, 100);
        confirmedOrder(1, 100);
        states.put("order-1", new OrderStates.State("PENDING", Optional.of(T0), Optional.of(T0)));

        OrderHops.Report r = OrderHops.of(placed, states, events, WINDOWS);

        assertThat(r.finalOrders()).isEqualTo(1);
        assertThat(r.timed()).isEqualTo(1);
    }

    @Test
    void theTablePrintsEveryHopWithItsPercentiles() {
        confirmedOrder(0, 100);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        OrderHops.print(OrderHops.of(placed, states, events, WINDOWS), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("hop (1 orders)", "relay OrderPlaced", "end to end minus 2 s of batching windows", "settled/s");
        assertThat(text.lines().filter(l -> l.startsWith("end to end ")).findFirst().orElseThrow())
                .contains("414.0");
    }

    @Test
    void aTappedNotificationGivesTheEventsTimeSnssAndTheQueues() {
        String envelope = "{\"specversion\":\"1.0\",\"id\":\"e-1\",\"source\":\"dev.ferry.orders\",\"type\":\"dev.ferry.orders.OrderPlaced.v1\","
                + "\"subject\":\"o-1\",\"time\":\"2026-12-07T10:00:00.123456Z\",\"correlationid\":\"load-r-order-7\",\"data\":{}}";
        String notification = "{\"Type\":\"Notification\",\"MessageId\":\"m-1\",\"TopicArn\":\"arn:aws:sns:us-east-1:000000000000:dev-domain-events\","
                + "\"Message\":" + new ObjectMapper().getNodeFactory().textNode(envelope) + ",\"Timestamp\":\"2026-12-07T10:00:00.300Z\"}";

        TappedEvent e = DomainEventTap.parse(notification, Long.toString(Instant.parse("2026-12-07T10:00:00.302Z").toEpochMilli())).orElseThrow();

        assertThat(e.type()).isEqualTo("dev.ferry.orders.OrderPlaced.v1");
        assertThat(e.correlationId()).isEqualTo("load-r-order-7");
        assertThat(e.time()).isEqualTo(Instant.parse("2026-12-07T10:00:00.123456Z"));
        assertThat(e.published()).isEqualTo(Instant.parse("2026-12-07T10:00:00.300Z"));
        assertThat(e.queued()).isEqualTo(Instant.parse("2026-12-07T10:00:00.302Z"));
        assertThat(DomainEventTap.parse("{\"Type\":\"Notification\",\"Message\":\"not an event\"}", "1")).isEmpty();
        assertThat(DomainEventTap.parse(notification, null)).isEmpty();
    }

    @Test
    void theWindowsAreThoseOfTheTwoConsumersOnTheOrdersPath() throws Exception {
        String doc = """
                {"functions":[],"mappings":[
                  {"id":"P","kind":"SQS","source":"arn:aws:sqs:us-east-1:000000000000:dev-payments-order-placed",
                   "function":"dev-PaymentsConsumer","maximumBatchingWindowSeconds":1},
                  {"id":"O","kind":"SQS","source":"arn:aws:sqs:us-east-1:000000000000:dev-orders-payment-outcomes",
                   "function":"dev-OrdersConsumer","maximumBatchingWindowSeconds":1},
                  {"id":"N","kind":"SQS","source":"arn:aws:sqs:us-east-1:000000000000:dev-notifications-emails",
                   "function":"dev-Notifications","maximumBatchingWindowSeconds":5},
                  {"id":"R","kind":"DYNAMODB_STREAMS","source":"arn:aws:dynamodb:us-east-1:000000000000:table/dev-orders-outbox/stream/x",
                   "function":"dev-OutboxRelay","maximumBatchingWindowSeconds":0}]}""";

        RuntimeStats.Snapshot s = RuntimeStats.parse(new ObjectMapper().readTree(doc));

        assertThat(s.consumerWindows()).isEqualTo(Duration.ofSeconds(2));
    }
}
