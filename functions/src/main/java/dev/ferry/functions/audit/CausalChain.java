package dev.ferry.functions.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Orders the events of one conversation by time, except that an event never comes before the event that
 * caused it: clocks of different functions may disagree by a few milliseconds, causation ids do not.
 * (A topological order of the causation graph, earliest time first among the events that are ready.)
 */
public final class CausalChain {

    private static final Comparator<AuditEntry> BY_TIME = Comparator.comparing(AuditEntry::time).thenComparing(AuditEntry::eventId);

    private CausalChain() {
    }

    public static List<AuditEntry> order(List<AuditEntry> entries) {
        Set<String> ids = new HashSet<>();
        entries.forEach(e -> ids.add(e.eventId()));
        Map<String, List<AuditEntry>> effects = new HashMap<>();
        PriorityQueue<AuditEntry> ready = new PriorityQueue<>(BY_TIME);
        for (AuditEntry entry : entries) {
            // A cause outside the trace (an API request id, an event not audited) does not hold anything back.
            String cause = entry.causationId().filter(c -> ids.contains(c) && !c.equals(entry.eventId())).orElse(null);
            if (cause == null) {
                ready.add(entry);
            } else {
                effects.computeIfAbsent(cause, c -> new ArrayList<>()).add(entry);
            }
        }
        List<AuditEntry> ordered = new ArrayList<>(entries.size());
        Set<String> emitted = new HashSet<>();
        while (!ready.isEmpty()) {
            AuditEntry next = ready.poll();
            if (!emitted.add(next.eventId())) {
                continue;
            }
            ordered.add(next);
            ready.addAll(effects.getOrDefault(next.eventId(), List.of()));
        }
        if (ordered.size() < entries.size()) {
            // A causation cycle cannot happen with fresh event ids; if data says otherwise, keep the rest by time.
            entries.stream().filter(e -> !emitted.contains(e.eventId())).sorted(BY_TIME).forEach(ordered::add);
        }
        return ordered;
    }
}
