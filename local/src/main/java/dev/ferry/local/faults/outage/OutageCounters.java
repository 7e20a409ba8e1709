package dev.ferry.local.faults.outage;

import java.util.List;
import java.util.function.Predicate;

/**
 * What the outage proxies did so far: per function, service and operation, how many requests they answered
 * with an outage's error and how many they forwarded. Every attempt counts, so an SDK call that the SDK
 * retried three times during an outage counts four failed requests.
 */
public record OutageCounters(List<Count> counts) {

    /** @param operation e.g. {@code PutRecords}; empty when the request named none */
    public record Count(String function, OutageService service, String operation, long failed, long forwarded) {}

    public OutageCounters {
        counts = List.copyOf(counts);
    }

    /** Requests answered with an outage's error, in total. */
    public long failedRequests() {
        return sum(c -> true, true);
    }

    public long failedRequests(String function) {
        return sum(c -> c.function().equals(function), true);
    }

    public long failedRequests(String function, OutageService service) {
        return sum(c -> c.function().equals(function) && c.service() == service, true);
    }

    /** Requests passed on to the service unchanged. */
    public long forwardedRequests() {
        return sum(c -> true, false);
    }

    public long forwardedRequests(String function, OutageService service) {
        return sum(c -> c.function().equals(function) && c.service() == service, false);
    }

    private long sum(Predicate<Count> which, boolean failed) {
        return counts.stream().filter(which).mapToLong(c -> failed ? c.failed() : c.forwarded()).sum();
    }
}
