package dev.ferry.outbox;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.ferry.correlation.Correlation;
import dev.ferry.correlation.CorrelationContext;
import dev.ferry.logging.JsonLogger;
import dev.ferry.logging.LogContext;
import dev.ferry.logging.Logs;
import dev.ferry.metrics.EmfMetrics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Publishes the outbox records of a DynamoDB stream batch to every target, at least once and in order per
 * subject.
 *
 * <p>Order: a request carries at most one pending event per subject, and a subject's next event is sent only
 * after its previous one was accepted, so no event overtakes an earlier one of its subject even when
 * entries of a batch request fail individually. Failed entries are retried (bounded); a subject whose event
 * still fails is stopped there. The response names the first record not published to every target, so
 * Lambda retries from it; records after it that did get published are published again on that retry
 * (consumers deduplicate by event id, and FIFO topics by deduplication id). Nothing is ever dropped: a
 * record that can never be published holds the shard until the event source mapping's retry limit sends
 * the batch to its on-failure destination.
 */
public final class OutboxRelay {

    private static final JsonLogger LOG = Logs.get(OutboxRelay.class);

    /** @param maxAttempts attempts per entry within one invocation; @param backoff pause after a round with failures */
    public record Options(int maxAttempts, Duration backoff) {
        public Options {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
            }
        }

        public static Options defaults() {
            return new Options(3, Duration.ofMillis(100));
        }
    }

    private final List<PublicationTarget> targets;
    private final Options options;
    private final Optional<EmfMetrics> metrics;

    public OutboxRelay(List<PublicationTarget> targets, Options options, Optional<EmfMetrics> metrics) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("the relay needs at least one publication target");
        }
        this.targets = List.copyOf(targets);
        this.options = options;
        this.metrics = metrics;
    }

    public OutboxRelay(List<PublicationTarget> targets) {
        this(targets, Options.defaults(), Optional.empty());
    }

    /** The Lambda handler's body: the partial batch response for {@code ReportBatchItemFailures}. */
    public StreamsEventResponse handle(DynamodbEvent event) {
        return relay(event).toResponse();
    }

    /** As {@link #handle(DynamodbEvent)}, with the invocation's function and request id on every log line. */
    public StreamsEventResponse handle(DynamodbEvent event, Context context) {
        try (LogContext.Scope invocation = LogContext.invocation(context)) {
            return relay(event).toResponse();
        }
    }

    public RelayResult relay(DynamodbEvent event) {
        List<DynamodbEvent.DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        List<Publication> publications = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int firstUnpublished = records.size();
        for (int i = 0; i < records.size(); i++) {
            DynamodbEvent.DynamodbStreamRecord record = records.get(i);
            if (!isOutboxInsert(record)) {
                continue;
            }
            try {
                publications.add(publication(i, record));
            } catch (IllegalArgumentException malformed) {
                // Publishing what follows would put it ahead of this record; stop here and let the
                // event source mapping's retry limit and on-failure destination deal with it.
                errors.add("record " + record.getEventID() + ": " + malformed.getMessage());
                firstUnpublished = i;
                break;
            }
        }
        for (PublicationTarget target : targets) {
            final int cutoff = firstUnpublished;
            List<Publication> due = publications.stream().filter(p -> p.position() < cutoff).toList();
            firstUnpublished = Math.min(firstUnpublished, publishInOrder(target, due, errors));
        }
        final int resumeAt = firstUnpublished;
        List<String> published = publications.stream().filter(p -> p.position() < resumeAt).map(Publication::eventId).toList();
        metrics.ifPresent(m -> {
            m.count("OutboxPublished", published.size());
            m.count("OutboxUnpublished", publications.size() - published.size());
            m.flush();
        });
        Optional<String> resume = resumeAt < records.size()
                ? Optional.of(records.get(resumeAt).getDynamodb().getSequenceNumber()) : Optional.empty();
        resume.ifPresent(seq -> LOG.warn("outbox relay stopped; Lambda will retry from this record", "sequenceNumber", seq,
                "published", published.size(), "errors", String.join("; ", errors)));
        return new RelayResult(published, resume, errors);
    }

    /** Publishes {@code due} to {@code target}; returns the position of the first publication that failed. */
    private int publishInOrder(PublicationTarget target, List<Publication> due, List<String> errors) {
        Map<String, ArrayDeque<Publication>> bySubject = new LinkedHashMap<>();
        for (Publication p : due) {
            bySubject.computeIfAbsent(p.subject(), s -> new ArrayDeque<>()).addLast(p);
        }
        Map<String, Integer> attempts = new HashMap<>();
        Set<String> stopped = new HashSet<>();
        int firstFailed = Integer.MAX_VALUE;
        for (int round = 1; ; round++) {
            List<Publication> heads = new ArrayList<>();
            for (Map.Entry<String, ArrayDeque<Publication>> e : bySubject.entrySet()) {
                if (!e.getValue().isEmpty() && !stopped.contains(e.getKey())) {
                    heads.add(e.getValue().peekFirst());
                }
            }
            if (heads.isEmpty()) {
                return firstFailed;
            }
            heads.sort(Comparator.comparingInt(Publication::position));
            boolean anyFailed = false;
            for (List<Publication> request : chunks(heads, target)) {
                List<EntryResult> results = send(target, request);
                for (int i = 0; i < request.size(); i++) {
                    Publication p = request.get(i);
                    switch (results.get(i)) {
                        case EntryResult.Published ok -> bySubject.get(p.subject()).pollFirst();
                        case EntryResult.Failed failed -> {
                            anyFailed = true;
                            int tries = attempts.merge(p.eventId(), 1, Integer::sum);
                            if (tries >= options.maxAttempts()) {
                                stopped.add(p.subject());
                                firstFailed = Math.min(firstFailed, p.position());
                                errors.add(target.name() + " rejected event " + p.eventId() + " (subject " + p.subject() + ") "
                                        + tries + " times: " + failed.code() + " " + failed.message());
                                try (Correlation.Scope scope = Correlation.open(new CorrelationContext(p.correlationId(), Optional.of(p.eventId())))) {
                                    LOG.warn("outbox event not published; its subject stops here", "target", target.name(),
                                            "eventId", p.eventId(), "subject", p.subject(), "code", failed.code(), "reason", failed.message());
                                }
                            }
                        }
                    }
                }
            }
            if (anyFailed) {
                pause(round);
            }
        }
    }

    private static List<EntryResult> send(PublicationTarget target, List<Publication> request) {
        try {
            List<EntryResult> results = target.publish(request);
            if (results.size() != request.size()) {
                throw new IllegalStateException(target.name() + " returned " + results.size() + " results for " + request.size() + " entries");
            }
            return results;
        } catch (RuntimeException whole) {
            String code = whole.getClass().getSimpleName();
            List<EntryResult> failed = new ArrayList<>(request.size());
            request.forEach(p -> failed.add(new EntryResult.Failed(code, String.valueOf(whole.getMessage()))));
            return failed;
        }
    }

    private static List<List<Publication>> chunks(List<Publication> heads, PublicationTarget target) {
        List<List<Publication>> chunks = new ArrayList<>();
        List<Publication> current = new ArrayList<>();
        int bytes = 0;
        for (Publication p : heads) {
            int size = p.sizeInBytes();
            if (!current.isEmpty() && (current.size() == target.maxEntries() || bytes + size > target.maxBytes())) {
                chunks.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(p);
            bytes += size;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    private void pause(int round) {
        long millis = options.backoff().toMillis() * round;
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static boolean isOutboxInsert(DynamodbEvent.DynamodbStreamRecord record) {
        if (!"INSERT".equals(record.getEventName()) || record.getDynamodb() == null || record.getDynamodb().getNewImage() == null) {
            return false;
        }
        AttributeValue kind = record.getDynamodb().getNewImage().get(OutboxRecord.KIND);
        return kind != null && OutboxRecord.KIND_VALUE.equals(kind.getS());
    }

    private static Publication publication(int position, DynamodbEvent.DynamodbStreamRecord record) {
        Map<String, AttributeValue> image = record.getDynamodb().getNewImage();
        return new Publication(position, record.getDynamodb().getSequenceNumber(), required(image, OutboxRecord.EVENT_ID),
                required(image, OutboxRecord.TYPE), required(image, OutboxRecord.SUBJECT),
                required(image, OutboxRecord.CORRELATION_ID), required(image, OutboxRecord.ENVELOPE));
    }

    private static String required(Map<String, AttributeValue> image, String name) {
        AttributeValue value = image.get(name);
        if (value == null || value.getS() == null || value.getS().isEmpty()) {
            throw new IllegalArgumentException("outbox record has no string attribute '" + name
                    + "'; was it written by dev.ferry.outbox.Outbox? Is the stream view NEW_IMAGE or NEW_AND_OLD_IMAGES?");
        }
        return value.getS();
    }
}
