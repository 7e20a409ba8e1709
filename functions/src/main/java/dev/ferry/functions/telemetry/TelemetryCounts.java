package dev.ferry.functions.telemetry;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of what the telemetry subscriber saw in this execution environment (the metrics carry them further). */
public final class TelemetryCounts {

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    public void add(String name) {
        counts.computeIfAbsent(name, n -> new AtomicLong()).incrementAndGet();
    }

    public long get(String name) {
        AtomicLong value = counts.get(name);
        return value == null ? 0 : value.get();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }
}
