package dev.ferry.metrics;

import dev.ferry.correlation.Correlation;
import dev.ferry.correlation.CorrelationContext;
import dev.ferry.logging.JsonText;
import dev.ferry.logging.LogContext;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Collects metrics and writes them as one CloudWatch Embedded Metric Format line per {@link #flush()}:
 * CloudWatch extracts the metrics from the log line, so there is no API call and no extra library. The
 * correlation id, function and request id ride along as properties (searchable, not dimensions, so they
 * cost no extra metric series).
 */
public final class EmfMetrics {

    /** EMF allows at most 100 metric names per document and 100 values per metric. */
    static final int MAX_METRICS = 100;
    static final int MAX_VALUES = 100;

    private final String namespace;
    private final Map<String, String> dimensions;
    private final PrintStream out;
    private final Clock clock;
    private final Map<String, Series> series = new LinkedHashMap<>();
    private final Map<String, Object> properties = new LinkedHashMap<>();
    /** Conversations the collected values belong to: a batch mixes several, and each must stay traceable. */
    private final java.util.Set<String> correlationIds = new java.util.LinkedHashSet<>();
    static final int MAX_CORRELATION_IDS = 100;

    public EmfMetrics(String namespace, Map<String, String> dimensions, PrintStream out, Clock clock) {
        if (namespace == null || namespace.isBlank()) {
            throw new IllegalArgumentException("an EMF namespace must be a non-empty string, e.g. Ferry");
        }
        if (dimensions.size() > 30) {
            throw new IllegalArgumentException("EMF allows at most 30 dimensions, got " + dimensions.size());
        }
        this.namespace = namespace;
        this.dimensions = new LinkedHashMap<>(dimensions);
        this.out = out;
        this.clock = clock;
    }

    /** Metrics of {@code service} on standard output, one dimension {@code service}. */
    public static EmfMetrics forService(String namespace, String service) {
        return new EmfMetrics(namespace, Map.of("service", service), System.out, Clock.systemUTC());
    }

    public synchronized void count(String name) {
        add(name, 1, Unit.COUNT);
    }

    public synchronized void count(String name, long amount) {
        add(name, amount, Unit.COUNT);
    }

    /** Adds a value; counts are summed, other units keep each value (up to 100 per flush). */
    public synchronized void add(String name, double value, Unit unit) {
        Correlation.peek().ifPresent(c -> {
            if (correlationIds.size() < MAX_CORRELATION_IDS) {
                correlationIds.add(c.correlationId());
            }
        });
        Series s = series.get(name);
        if (s == null) {
            if (series.size() == MAX_METRICS) {
                flush();
            }
            s = new Series(unit);
            series.put(name, s);
        }
        if (unit == Unit.COUNT && !s.values.isEmpty()) {
            s.values.set(0, s.values.get(0) + value);
            return;
        }
        if (s.values.size() == MAX_VALUES) {
            flush();
            add(name, value, unit);
            return;
        }
        s.values.add(value);
    }

    public synchronized void property(String name, Object value) {
        properties.put(name, value);
    }

    /** Writes the collected metrics as one EMF line and starts over; writes nothing when empty. */
    public synchronized void flush() {
        if (series.isEmpty()) {
            return;
        }
        out.println(render());
        series.clear();
        correlationIds.clear();
    }

    synchronized String render() {
        StringBuilder line = new StringBuilder(256);
        line.append("{\"_aws\":{\"Timestamp\":").append(clock.millis()).append(",\"CloudWatchMetrics\":[{\"Namespace\":");
        JsonText.quote(line, namespace);
        line.append(",\"Dimensions\":[[");
        boolean first = true;
        for (String dimension : dimensions.keySet()) {
            if (!first) {
                line.append(',');
            }
            JsonText.quote(line, dimension);
            first = false;
        }
        line.append("]],\"Metrics\":[");
        first = true;
        for (Map.Entry<String, Series> e : series.entrySet()) {
            if (!first) {
                line.append(',');
            }
            line.append("{\"Name\":");
            JsonText.quote(line, e.getKey());
            line.append(",\"Unit\":\"").append(e.getValue().unit.cloudWatchName()).append("\"}");
            first = false;
        }
        line.append("]}]}");
        for (Map.Entry<String, String> d : dimensions.entrySet()) {
            member(line, d.getKey(), d.getValue());
        }
        Map<String, Object> context = new LinkedHashMap<>();
        Optional<CorrelationContext> correlation = Correlation.peek();
        correlation.ifPresent(c -> context.put("correlationId", c.correlationId()));
        correlation.flatMap(CorrelationContext::causationId).ifPresent(c -> context.put("causationId", c));
        if (correlation.isEmpty() && correlationIds.size() == 1) {
            context.put("correlationId", correlationIds.iterator().next());
        }
        LogContext log = LogContext.current();
        log.function().ifPresent(f -> context.put("function", f));
        log.requestId().ifPresent(r -> context.put("requestId", r));
        context.putAll(properties);
        for (Map.Entry<String, Object> p : context.entrySet()) {
            if (!dimensions.containsKey(p.getKey()) && !series.containsKey(p.getKey())) {
                member(line, p.getKey(), p.getValue());
            }
        }
        if (!correlationIds.isEmpty()) {
            line.append(",\"correlationIds\":[");
            boolean firstId = true;
            for (String id : correlationIds) {
                if (!firstId) {
                    line.append(',');
                }
                JsonText.quote(line, id);
                firstId = false;
            }
            line.append(']');
        }
        for (Map.Entry<String, Series> e : series.entrySet()) {
            line.append(',');
            JsonText.quote(line, e.getKey());
            line.append(':');
            List<Double> values = e.getValue().values;
            if (values.size() == 1) {
                number(line, values.get(0));
            } else {
                line.append('[');
                for (int i = 0; i < values.size(); i++) {
                    if (i > 0) {
                        line.append(',');
                    }
                    number(line, values.get(i));
                }
                line.append(']');
            }
        }
        return line.append('}').toString();
    }

    private static void member(StringBuilder line, String name, Object value) {
        line.append(',');
        JsonText.quote(line, name);
        line.append(':');
        JsonText.value(line, value);
    }

    private static void number(StringBuilder line, double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            line.append((long) value);
        } else {
            line.append(value);
        }
    }

    private static final class Series {
        final Unit unit;
        final List<Double> values = new ArrayList<>();

        Series(Unit unit) {
            this.unit = unit;
        }
    }
}
