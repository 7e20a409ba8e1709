package dev.ferry.local.cost;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a ledger's counts cost at a price table's prices, per order: the requests an order makes, priced as dollars per
 * million orders, by service and kind; and apart from them what the system costs for running at all (shards, idle
 * polling, schedules), per month, whatever the order rate.
 *
 * @param orders the orders the counts were made for (normally {@link LedgerSnapshot#ordersPlaced()})
 */
public record CostReport(LedgerSnapshot snapshot, PriceTable prices, long orders) {
    private static final double HOURS_PER_MONTH = 730;

    /** One meter's share of an order: its billed units per order and what a million orders of them cost. */
    public record Line(Meter meter, Map<String, Long> byDetail, double unitsPerOrder, double dollarsPerMillionOrders) {}

    /** A meter driven by time or polling, not by orders: its billed units per hour and what a month of them costs. */
    public record RunningLine(Meter meter, double unitsPerHour, double dollarsPerMonth) {}

    public static CostReport of(LedgerSnapshot snapshot, PriceTable prices) {
        return new CostReport(snapshot, prices, snapshot.ordersPlaced());
    }

    public List<Line> perOrder() {
        List<Line> lines = new ArrayList<>();
        if (orders <= 0) return lines;
        for (Meter m : Meter.values()) {
            long counts = snapshot.total(m);
            if (m.basis() != Meter.Basis.PER_REQUEST || counts == 0) continue;
            lines.add(new Line(m, snapshot.byDetail(m), m.units(counts) / orders,
                    prices.price(m).dollars(counts) / orders * 1_000_000));
        }
        return lines;
    }

    public double dollarsPerMillionOrders() {
        return perOrder().stream().mapToDouble(Line::dollarsPerMillionOrders).sum();
    }

    public List<RunningLine> running() {
        List<RunningLine> lines = new ArrayList<>();
        double hours = snapshot.running().toMillis() / 3_600_000.0;
        if (hours <= 0) return lines;
        for (Meter m : Meter.values()) {
            long counts = snapshot.total(m);
            if (m.basis() == Meter.Basis.PER_REQUEST || counts == 0) continue;
            double perHour = m.units(counts) / hours;
            lines.add(new RunningLine(m, perHour, perHour * HOURS_PER_MONTH * prices.price(m).dollarsPerUnit()));
        }
        return lines;
    }

    /**
     * The report as the console shows it: the total, one row per billed meter of an order, one per running cost;
     * scalars and arrays of flat objects, so that a page can lay it out without knowing the meters.
     */
    public ObjectNode toJson() {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("orders placed", orders);
        doc.put("$ per million orders", round(dollarsPerMillionOrders()));
        doc.put("prices", prices.region() + " list prices read on " + prices.readOn() + " (docs/cost.md)");
        ArrayNode perOrder = doc.putArray("per order");
        for (Line line : perOrder()) {
            perOrder.addObject().put("service", line.meter().service()).put("kind", line.meter().kind())
                    .put("units per order", round(line.unitsPerOrder())).put("unit", line.meter().unit())
                    .put("$ per million orders", round(line.dollarsPerMillionOrders()));
        }
        ArrayNode running = doc.putArray("running, whatever the orders");
        for (RunningLine line : running()) {
            running.addObject().put("service", line.meter().service()).put("kind", line.meter().kind())
                    .put("units per hour", round(line.unitsPerHour())).put("unit", line.meter().unit())
                    .put("$ per month", round(line.dollarsPerMonth()));
        }
        return doc;
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    /** The report as {@code ferry cost} prints it. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Cost of an order: what the running system asked of AWS in %s, priced at AWS's %s list prices"
                + " of %s%n(free tiers excluded; sources: docs/cost.md)%n", duration(), prices.region(), prices.readOn()));
        out.append(String.format(Locale.ROOT, "orders placed: %d (POST /orders answered 202 Accepted)%n", orders));
        if (orders <= 0) {
            out.append("no order placed yet: run ./ferry demo or ./ferry load, then ./ferry cost again\n");
        } else {
            out.append(String.format(Locale.ROOT, "%n%-22s %-28s %14s %-12s %14s%n", "service", "kind", "per order", "unit", "$ per 1M orders"));
            for (Line line : perOrder()) {
                double scale = shownPerUnit(line.meter());
                out.append(String.format(Locale.ROOT, "%-22s %-28s %14s %-12s %14.2f%n", line.meter().service(), line.meter().kind(),
                        amount(line.unitsPerOrder() * scale), shownUnit(line.meter()), line.dollarsPerMillionOrders()));
                line.byDetail().forEach((detail, counts) -> out.append(String.format(Locale.ROOT, "%-22s   %-48s %6s%n", "",
                        shorten(detail, 48), amount(line.meter().units(counts) * scale / orders))));
            }
            out.append(String.format(Locale.ROOT, "%-22s %-28s %14s %-12s %14.2f%n", "total", "", "", "", dollarsPerMillionOrders()));
        }
        List<RunningLine> running = running();
        if (!running.isEmpty()) {
            out.append(String.format(Locale.ROOT, "%nNot per order: what running costs whatever the order rate (measured locally;"
                    + " Lambda's pollers wait differently)%n"));
            for (RunningLine line : running) {
                out.append(String.format(Locale.ROOT, "%-22s %-28s %14s %-12s %10.2f $/month%n", line.meter().service(),
                        line.meter().kind(), amount(line.unitsPerHour()), line.meter().unit() + "/h", line.dollarsPerMonth()));
            }
        }
        out.append(String.format(Locale.ROOT, "%nNot counted: storage, data transfer, X-Ray traces, CloudWatch custom metrics ($0.30 per"
                + " metric-month), alarms and dashboards, Lambda init time (docs/cost.md)%n"));
        return out.toString();
    }

    /** Log data is priced by the GB but an order writes kilobytes: shown in KB. */
    private static double shownPerUnit(Meter meter) {
        return meter == Meter.LOG_BYTES ? 1024 * 1024 : 1;
    }

    private static String shownUnit(Meter meter) {
        return meter == Meter.LOG_BYTES ? "KB" : meter.unit();
    }

    private String duration() {
        long seconds = snapshot.running().toSeconds();
        return seconds < 120 ? seconds + " s" : seconds / 60 + " min";
    }

    private static String amount(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e12) return String.format(Locale.ROOT, "%.0f", value);
        return value >= 0.01 ? String.format(Locale.ROOT, "%.2f", value) : String.format(Locale.ROOT, "%.3g", value);
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : "…" + text.substring(text.length() - max + 1);
    }
}
