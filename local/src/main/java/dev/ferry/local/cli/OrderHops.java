package dev.ferry.local.cli;

import dev.ferry.local.cli.DomainEventTap.TappedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where an order's time goes on its way to CONFIRMED, hop by hop, from what the workflow records anyway: the client's
 * send and answer times, the orders table's {@code createdAt} / {@code updatedAt}, and each domain event as a queue of
 * the run's own subscribed to the topic saw it ({@link DomainEventTap}): the envelope's {@code time} (when a function
 * raised it), SNS's {@code Timestamp} (when the outbox relay's publish was accepted) and the queue's
 * {@code SentTimestamp} (when SNS delivered it to a queue). The path:
 *
 * <pre>
 * POST /orders -> OrdersApi (order + OrderPlaced in one transaction)
 *   -> orders-outbox stream -> OutboxRelay -> SNS domain-events (+ event-log)
 *   -> payments-order-placed queue -> PaymentsConsumer (debit + PaymentSucceeded)
 *   -> accounts-outbox stream -> OutboxRelay -> SNS
 *   -> orders-payment-outcomes queue -> OrdersConsumer (CONFIRMED + OrderConfirmed)
 * </pre>
 *
 * Only the orders that went the whole way are timed (CONFIRMED, with all three events in the log); a rejected
 * order has no PaymentSucceeded.
 */
final class OrderHops {

    /** The hops, in the order an order takes them; each is the time between two recorded instants. */
    enum Hop {
        ANSWER("API answer", "POST /orders sent -> 202 received (client)"),
        PLACED("placed", "POST /orders sent -> OrderPlaced raised (API front, OrdersApi)"),
        RELAY_PLACED("relay OrderPlaced", "raised -> accepted by SNS (orders-outbox stream, OutboxRelay)"),
        SNS_PLACED("SNS OrderPlaced", "accepted by SNS -> in the queues (SNS delivery)"),
        PAYMENT("payment", "queued -> PaymentSucceeded raised (payments queue, window, PaymentsConsumer)"),
        RELAY_PAYMENT("relay PaymentSucceeded", "raised -> accepted by SNS (accounts-outbox stream, OutboxRelay)"),
        SNS_PAYMENT("SNS PaymentSucceeded", "accepted by SNS -> in the queues (SNS delivery)"),
        CONFIRM("confirm", "queued -> CONFIRMED written (orders queue, window, OrdersConsumer)"),
        END_TO_END("end to end", "POST /orders sent -> CONFIRMED written"),
        BEYOND_WINDOWS("beyond windows", "end to end minus the consumers' batching windows");

        final String label;
        final String path;

        Hop(String label, String path) {
            this.label = label;
            this.path = path;
        }
    }

    /**
     * @param hops          each hop's durations (nanoseconds) over the timed orders
     * @param timed         orders timed (CONFIRMED with all their events found)
     * @param untimed       accepted orders that could not be timed (rejected, or an event missing from the log)
     * @param windows       the batching windows of the two consumers on the path, subtracted in {@link Hop#BEYOND_WINDOWS}
     * @param firstSent     when the first order was sent
     * @param lastFinal     when the last order reached CONFIRMED or REJECTED
     * @param finalOrders   orders CONFIRMED or REJECTED
     */
    record Report(Map<Hop, Latencies> hops, int timed, int untimed, Duration windows, Instant firstSent, Instant lastFinal,
                  int finalOrders) {

        /** Orders brought to their final state per second, from the first request sent to the last order settled. */
        double finalPerSecond() {
            double seconds = Duration.between(firstSent, lastFinal).toNanos() / 1e9;
            return seconds <= 0 ? 0 : finalOrders / seconds;
        }
    }

    private OrderHops() {}

    static Report of(List<OrderBurst.Placed> placed, Map<String, OrderStates.State> states, List<TappedEvent> events, Duration windows) {
        Map<String, Map<String, TappedEvent>> byCorrelation = byCorrelation(events);
        Map<Hop, List<Long>> samples = new EnumMap<>(Hop.class);
        for (Hop h : Hop.values()) {
            samples.put(h, new ArrayList<>());
        }
        int timed = 0;
        int finalOrders = 0;
        Instant firstSent = null;
        Instant lastFinal = null;
        for (OrderBurst.Placed p : placed) {
            firstSent = firstSent == null || p.sentAt().isBefore(firstSent) ? p.sentAt() : firstSent;
            OrderStates.State state = states.get(p.orderId());
            if (state == null || !(state.status().equals("CONFIRMED") || state.status().equals("REJECTED"))) {
                continue;
            }
            finalOrders++;
            if (state.updatedAt().isPresent()) {
                Instant settled = state.updatedAt().get();
                lastFinal = lastFinal == null || settled.isAfter(lastFinal) ? settled : lastFinal;
            }
            Map<String, TappedEvent> chain = byCorrelation.getOrDefault(p.correlationId(), Map.of());
            TappedEvent orderPlaced = chain.get("OrderPlaced");
            TappedEvent payment = chain.get("PaymentSucceeded");
            Optional<Instant> confirmed = state.updatedAt();
            if (!state.status().equals("CONFIRMED") || orderPlaced == null || payment == null || confirmed.isEmpty()) {
                continue;
            }
            timed++;
            add(samples, Hop.ANSWER, p.answerNanos());
            add(samples, Hop.PLACED, nanos(p.sentAt(), orderPlaced.time()));
            add(samples, Hop.RELAY_PLACED, nanos(orderPlaced.time(), orderPlaced.published()));
            add(samples, Hop.SNS_PLACED, nanos(orderPlaced.published(), orderPlaced.queued()));
            add(samples, Hop.PAYMENT, nanos(orderPlaced.queued(), payment.time()));
            add(samples, Hop.RELAY_PAYMENT, nanos(payment.time(), payment.published()));
            add(samples, Hop.SNS_PAYMENT, nanos(payment.published(), payment.queued()));
            add(samples, Hop.CONFIRM, nanos(payment.queued(), confirmed.get()));
            long endToEnd = nanos(p.sentAt(), confirmed.get());
            add(samples, Hop.END_TO_END, endToEnd);
            add(samples, Hop.BEYOND_WINDOWS, endToEnd - windows.toNanos());
        }
        Map<Hop, Latencies> hops = new EnumMap<>(Hop.class);
        samples.forEach((hop, values) -> hops.put(hop, new Latencies(values.stream().mapToLong(Long::longValue).toArray())));
        Instant first = firstSent == null ? Instant.EPOCH : firstSent;
        return new Report(hops, timed, placed.size() - timed, windows, first, lastFinal == null ? first : lastFinal, finalOrders);
    }

    /** Each order's (correlation id's) events by step; of an event published twice (at least once), the first. */
    static Map<String, Map<String, TappedEvent>> byCorrelation(List<TappedEvent> events) {
        Map<String, Map<String, TappedEvent>> byCorrelation = new HashMap<>();
        for (TappedEvent e : events) {
            String kind = kind(e.type());
            if (kind != null) {
                byCorrelation.computeIfAbsent(e.correlationId(), c -> new HashMap<>())
                        .merge(kind, e, (a, b) -> a.queued().isAfter(b.queued()) ? b : a);
            }
        }
        return byCorrelation;
    }

    /** How many (order, step) pairs the events cover: three per settled order once all have been seen. */
    static int steps(List<TappedEvent> events) {
        return byCorrelation(events).values().stream().mapToInt(Map::size).sum();
    }

    /** The step of the order's path an event type stands for, or null for events off the path. */
    static String kind(String type) {
        for (String k : List.of("OrderPlaced", "PaymentSucceeded", "PaymentFailed", "OrderConfirmed", "OrderRejected")) {
            if (type.contains("." + k + ".")) {
                return k;
            }
        }
        return null;
    }

    private static void add(Map<Hop, List<Long>> samples, Hop hop, long nanos) {
        samples.get(hop).add(nanos);
    }

    private static long nanos(Instant from, Instant to) {
        return Duration.between(from, to).toNanos();
    }

    /** Prints the table: one row per hop with its p50, p99 and max, then the rate orders were settled at. */
    static void print(Report r, java.io.PrintStream out) {
        out.printf("%-24s %9s %9s %9s  %s%n", "hop (" + r.timed() + " orders)", "p50 ms", "p99 ms", "max ms", "from -> to");
        for (Hop hop : Hop.values()) {
            Latencies l = r.hops().get(hop);
            String path = hop == Hop.BEYOND_WINDOWS ? "end to end minus " + seconds(r.windows()) + " of batching windows" : hop.path;
            out.printf("%-24s %9.1f %9.1f %9.1f  %s%n", hop.label, l.percentileMillis(50), l.percentileMillis(99), l.maxMillis(), path);
        }
        out.printf("settled/s     %.1f  (%d orders CONFIRMED or REJECTED from the first request sent to the last order settled, %.1f s)%n",
                r.finalPerSecond(), r.finalOrders(), Duration.between(r.firstSent(), r.lastFinal()).toMillis() / 1000.0);
        if (r.untimed() > 0) {
            out.printf("              %d accepted order(s) not timed (rejected, or an event the tap did not see)%n", r.untimed());
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
