package dev.ferry.local.schedule;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One firing of a scheduled rule: the event sent (one id for all targets, as EventBridge sends one event per
 * rule match) and what became of it at each target, by target {@code Id}.
 */
public record RuleFiring(String ruleName, String eventId, Instant time, Map<String, DeliveryOutcome> outcomes) {

    public RuleFiring {
        outcomes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
    }

    /** The request ids of the asynchronous invocations Lambda accepted, in target order. */
    public List<String> requestIds() {
        return outcomes.values().stream().filter(o -> o instanceof DeliveryOutcome.Accepted)
                .map(o -> ((DeliveryOutcome.Accepted) o).requestId()).toList();
    }
}
