package dev.ferry.outbox;

import dev.ferry.logging.JsonLogger;
import dev.ferry.logging.Logs;
import dev.ferry.metrics.EmfMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The outbox's slow path, run on a schedule: publishes the records that are still pending a grace period
 * after they were written, because the stream relay could not (a publishing outage longer than its retry
 * window, a batch its event source mapping gave up on, records trimmed from the stream after 24 hours).
 * Each subject's records go out oldest first through the same ordered publisher as the relay's, and are
 * deleted once every target has them; a subject that fails stays pending for the next run. The grace period
 * keeps the sweeper off the relay's fresh work; when both reach a record, it is published twice, never out
 * of order for its first delivery, and consumers deduplicate by event id.
 */
public final class OutboxSweeper {

    private static final JsonLogger LOG = Logs.get(OutboxSweeper.class);

    /**
     * @param grace       how old a pending record must be before the sweeper takes it
     * @param maxSubjects subjects handled per table and run; the rest wait for the next run
     */
    public record Options(Duration grace, int maxSubjects, OutboxRelay.Options publishing) {
        public Options {
            if (grace.isNegative()) {
                throw new IllegalArgumentException("the grace period cannot be negative, got " + grace);
            }
            if (maxSubjects < 1) {
                throw new IllegalArgumentException("maxSubjects must be at least 1, got " + maxSubjects);
            }
        }

        public static Options defaults() {
            return new Options(Duration.ofMinutes(5), 1_000, OutboxRelay.Options.defaults());
        }
    }

    /** What one run did, per table and in all. */
    public record SweepReport(int subjects, List<String> publishedEventIds, int stillPending, List<String> errors) {
        public boolean clean() {
            return stillPending == 0 && errors.isEmpty();
        }
    }

    private final PendingOutbox pending;
    private final BacklogPublisher backlogs;
    private final Options options;
    private final Clock clock;
    private final Optional<EmfMetrics> metrics;

    public OutboxSweeper(DynamoDbClient dynamoDb, List<PublicationTarget> targets, Options options, Clock clock, Optional<EmfMetrics> metrics) {
        this.pending = new PendingOutbox(dynamoDb);
        this.backlogs = new BacklogPublisher(new OrderedPublisher(targets, options.publishing()), pending);
        this.options = options;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Sweeps every table once: each subject with a record older than the grace period, up to that point in time. */
    public SweepReport sweep(List<OutboxTable> tables) {
        String before = OutboxSequence.at(clock.instant().minus(options.grace()));
        int subjects = 0;
        int stillPending = 0;
        List<String> published = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (OutboxTable table : tables) {
            Set<String> due;
            try {
                due = pending.subjectsWithRecordsBefore(table.tableName(), before, options.maxSubjects());
            } catch (RuntimeException unreadable) {
                errors.add("scanning " + table.tableName() + ": " + unreadable.getMessage());
                continue;
            }
            subjects += due.size();
            Map<String, BacklogPublisher.SubjectOutcome> outcomes = backlogs.publish(table.tableName(),
                    due.stream().map(subject -> new BacklogPublisher.Wanted(subject, before, false)).toList(), errors);
            for (BacklogPublisher.SubjectOutcome outcome : outcomes.values()) {
                published.addAll(outcome.published());
                stillPending += outcome.unpublished();
            }
        }
        SweepReport report = new SweepReport(subjects, List.copyOf(published), stillPending, List.copyOf(errors));
        metrics.ifPresent(m -> {
            m.count("OutboxSwept", published.size());
            m.count("OutboxUnpublished", report.stillPending());
            m.flush();
        });
        if (!published.isEmpty() || !report.clean()) {
            LOG.warn("outbox sweep published records the relay had not", "subjects", subjects, "published", published.size(),
                    "stillPending", report.stillPending(), "olderThan", before, "errors", String.join("; ", errors));
        }
        return report;
    }

    /** When the records a sweep takes were written at the latest. */
    public Instant horizon() {
        return clock.instant().minus(options.grace());
    }
}
