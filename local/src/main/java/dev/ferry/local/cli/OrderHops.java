package dev.ferry.local.cli;

import dev.ferry.local.cli.EventLogReader.LoggedEvent;
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
 * send and answer times, the orders table's {@code createdAt} / {@code updatedAt}, and each event of the Kinesis
 * {@code event-log} with the envelope's {@code time} (when a function raised it) and its arrival on the stream (when
 * the outbox relay published it, to SNS and then to the log). The path:
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
        PLACED("placed", "POST /orders sent -> OrderPlaced raised (OrdersApi)"),
        RELAY_PLACED("relay OrderPlaced", "raised -> published (orders-outbox stream, OutboxRelay, SNS, event-log)"),
        PAYMENT("payment", "published -> PaymentSucceeded raised (SNS, payments queue, window, PaymentsConsumer)"),
        RELAY_PAYMENT("relay PaymentSucceeded", "raised -> published (accounts-outbox stream, OutboxRelay, SNS, event-log)"),
        CONFIRM("confirm", "published -> CONFIRMED written (SNS, orders queue, window, OrdersConsumer)"),
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

    static Report of(List<OrderBurst.Placed> placed, Map<String, OrderStates.State> states, List<LoggedEvent> events, Duration windows) {
        Map<String, Map<String, LoggedEvent>> byCorrelation = new HashMap<>();
        for (LoggedEvent e : events) {
            String kind = kind(e.type());
            if (kind != null) {
                // A relay may publish an event twice (at-least-once): the first publication is the one that counted.
                byCorrelation.computeIfAbsent(e.correlationId(), c -> new HashMap<>())
                        .merge(kind, e, (a, b) -> a.arrival().isAfter(b.arrival()) ? b : a);
            }
        }
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
            Map<String, LoggedEvent> chain = byCorrelation.getOrDefault(p.correlationId(), Map.of());
            LoggedEvent orderPlaced = chain.get("OrderPlaced");
            LoggedEvent payment = chain.get("PaymentSucceeded");
            Optional<Instant> confirmed = state.updatedAt();
            if (!state.status().equals("CONFIRMED") || orderPlaced == null || payment == null || confirmed.isEmpty()) {
                continue;
            }
            timed++;
            add(samples, Hop.ANSWER, p.answerNanos());
            add(samples, Hop.PLACED, nanos(p.sentAt(), orderPlaced.time()));
            add(samples, Hop.RELAY_PLACED, nanos(orderPlaced.time(), orderPlaced.arrival()));
            add(samples, Hop.PAYMENT, nanos(orderPlaced.arrival(), payment.time()));
            add(samples, Hop.RELAY_PAYMENT, nanos(payment.time(), payment.arrival()));
            add(samples, Hop.CONFIRM, nanos(payment.arrival(), confirmed.get()));
            long endToEnd = nanos(p.sentAt(), confirmed.get());
            add(samples, Hop.END_TO_END, endToEnd);
            add(samples, Hop.BEYOND_WINDOWS, endToEnd - windows.toNanos());
        }
        Map<Hop, Latencies> hops = new EnumMap<>(Hop.class);
        samples.forEach((hop, values) -> hops.put(hop, new Latencies(values.stream().mapToLong(Long::longValue).toArray())));
        Instant first = firstSent == null ? Instant.EPOCH : firstSent;
        return new Report(hops, timed, placed.size() - timed, windows, first, lastFinal == null ? first : lastFinal, finalOrders);
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
            out.printf("              %d accepted order(s) not timed (rejected, or an event not found in the event log)%n", r.untimed());
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
