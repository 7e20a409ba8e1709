package dev.ferry.functions.analytics;

import dev.ferry.batch.Outcome;

/**
 * Rebuilds the analytics projection from an {@link EventLog} with the live consumer's projector (same
 * projection, same effectively-once commit), into another table under another key namespace. A record whose
 * commit asks for a retry (a conflicting transaction) is retried a few times; a rerun after a crash skips what
 * was already counted.
 */
public final class ReplayRun {

    /** What a replay read and did. */
    public record Report(long records, long projected, long rejected) {
    }

    private static final int ATTEMPTS = 5;

    private final EventLog log;
    private final AnalyticsProjector projector;

    public ReplayRun(EventLog log, AnalyticsProjector projector) {
        this.log = log;
        this.projector = projector;
    }

    public Report run(StartPosition from) {
        long[] counts = new long[3];
        log.read(from, payload -> {
            counts[0]++;
            Outcome outcome = AnalyticsHandler.project(projector, payload);
            for (int attempt = 2; attempt <= ATTEMPTS && outcome instanceof Outcome.Retry; attempt++) {
                sleep(attempt);
                outcome = AnalyticsHandler.project(projector, payload);
            }
            switch (outcome) {
                case Outcome.Done d -> counts[1]++;
                case Outcome.Reject r -> counts[2]++; // the live consumer rejects it too: neither counts it
                case Outcome.Retry r -> throw new IllegalStateException("replay stopped: " + r.reason() + "; run it again to resume");
            }
        });
        return new Report(counts[0], counts[1], counts[2]);
    }

    private static void sleep(int attempt) {
        try {
            Thread.sleep(50L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("replay interrupted", e);
        }
    }
}
