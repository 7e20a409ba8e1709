package dev.ferry.outbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Publishes the pending records of many subjects of one outbox table together, for the relay and the
 * sweeper alike: the subjects' backlogs are read at the same time (a few queries in flight), published in
 * shared requests (PublishBatch carries heads of up to 10 subjects, PutRecords of up to 500) in order per
 * subject, and what every target accepted is deleted in shared batches of 25. Each subject's outcome stays
 * its own: one that fails stays pending without holding back the others.
 */
final class BacklogPublisher {

    /** Queries in flight at once: enough to hide a round trip per subject, few enough for a small table. */
    private static final int READERS = 8;

    /** What one subject's backlog came to. */
    record SubjectOutcome(String subject, List<String> published, int unpublished, boolean complete) {
    }

    /** A subject to publish, oldest first, up to and including (or before) {@code upTo}. */
    record Wanted(String subject, String upTo, boolean inclusive) {
    }

    private final OrderedPublisher publisher;
    private final PendingOutbox table;

    BacklogPublisher(OrderedPublisher publisher, PendingOutbox table) {
        this.publisher = publisher;
        this.table = table;
    }

    /** Reads, publishes and deletes the backlogs of {@code wanted} in {@code tableName}; one outcome per subject. */
    Map<String, SubjectOutcome> publish(String tableName, List<Wanted> wanted, List<String> errors) {
        Map<String, SubjectOutcome> outcomes = new LinkedHashMap<>();
        List<PendingOutbox.Backlog> backlogs = read(tableName, wanted, outcomes, errors);

        // Positions run across the subjects, each subject's records consecutive and in order.
        List<Publication> all = new ArrayList<>();
        for (PendingOutbox.Backlog backlog : backlogs) {
            for (Publication p : backlog.records()) {
                all.add(new Publication(all.size(), p.sequenceNumber(), p.eventId(), p.type(), p.subject(), p.correlationId(), p.envelopeJson()));
            }
        }
        OrderedPublisher.Result result = all.isEmpty()
                ? new OrderedPublisher.Result(List.of(), Map.of(), List.of()) : publisher.publish(all);
        errors.addAll(result.errors());
        int undeleted = table.delete(tableName, result.publishedEverywhere());
        if (undeleted > 0) {
            errors.add(undeleted + " published record(s) in " + tableName + " could not be deleted; they will be published again");
        }

        Map<String, List<String>> publishedBySubject = new HashMap<>();
        result.publishedEverywhere().forEach(p -> publishedBySubject.computeIfAbsent(p.subject(), s -> new ArrayList<>()).add(p.eventId()));
        for (PendingOutbox.Backlog backlog : backlogs) {
            List<String> published = publishedBySubject.getOrDefault(backlog.subject(), List.of());
            boolean complete = !result.stopped(backlog.subject()) && !backlog.truncated();
            outcomes.put(backlog.subject(), new SubjectOutcome(backlog.subject(), published, backlog.records().size() - published.size(), complete));
        }
        return outcomes;
    }

    private List<PendingOutbox.Backlog> read(String tableName, List<Wanted> wanted, Map<String, SubjectOutcome> outcomes, List<String> errors) {
        List<PendingOutbox.Backlog> backlogs = new ArrayList<>();
        Semaphore inFlight = new Semaphore(READERS);
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<PendingOutbox.Backlog>> reads = new ArrayList<>();
            for (Wanted w : wanted) {
                reads.add(readers.submit(() -> {
                    inFlight.acquire();
                    try {
                        return table.upTo(tableName, w.subject(), w.upTo(), w.inclusive(), OutboxRelay.SUBJECT_LIMIT, 0);
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            for (int i = 0; i < wanted.size(); i++) {
                String subject = wanted.get(i).subject();
                try {
                    backlogs.add(reads.get(i).get());
                } catch (ExecutionException unreadable) {
                    errors.add("reading the pending records of subject " + subject + " in " + tableName + ": " + unreadable.getCause().getMessage());
                    outcomes.put(subject, new SubjectOutcome(subject, List.of(), 0, false));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    errors.add("interrupted while reading subject " + subject);
                    outcomes.put(subject, new SubjectOutcome(subject, List.of(), 0, false));
                }
            }
        }
        return backlogs;
    }
}
