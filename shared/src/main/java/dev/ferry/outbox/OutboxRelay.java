package dev.ferry.outbox;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.ferry.logging.JsonLogger;
import dev.ferry.logging.LogContext;
import dev.ferry.logging.Logs;
import dev.ferry.metrics.EmfMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The outbox's fast path: publishes the records a DynamoDB stream batch announces, at least once, in order
 * per subject, to every target; {@link OutboxSweeper} is the slow path for whatever this leaves behind.
 *
 * <p>For the outbox table layout ({@link OutboxRecord}) a stream record is a wake-up call, the table is the
 * truth: for each subject of the batch the relay reads the subject's pending records up to the newest one
 * announced (a strongly consistent query), publishes them oldest first through {@link OrderedPublisher},
 * and deletes the ones every target accepted. A record published before (by an earlier run or by the
 * sweeper) is gone and is not published again; an older record of the subject that the stream no longer
 * carries (trimmed after 24 hours, or given up by the event source mapping) is published before the newer
 * ones. Per-subject order therefore holds whatever the stream shards deliver and whenever they deliver it.
 * A subject that fails stays pending; the response names the first stream record of the first failed
 * subject, so Lambda retries from there (what follows finds its records already deleted).
 *
 * <p>Records of the earlier layout (in the state table, see {@link OutboxRecord#KEY_PREFIX}) are published
 * from the stream images as before, and left to their TTL.
 */
public final class OutboxRelay {

    private static final JsonLogger LOG = Logs.get(OutboxRelay.class);
    /** Records of one subject published per run; a longer backlog is finished by the retry or the sweeper. */
    static final int SUBJECT_LIMIT = 500;

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

    private final OrderedPublisher publisher;
    private final Optional<PendingOutbox> pending;
    private final Optional<EmfMetrics> metrics;

    /** A relay for outbox tables (and records of the earlier layout). */
    public OutboxRelay(DynamoDbClient dynamoDb, List<PublicationTarget> targets, Options options, Optional<EmfMetrics> metrics) {
        this(Optional.of(new PendingOutbox(dynamoDb)), targets, options, metrics);
    }

    /** A relay for records of the earlier layout only, published from the stream images. */
    public OutboxRelay(List<PublicationTarget> targets, Options options, Optional<EmfMetrics> metrics) {
        this(Optional.empty(), targets, options, metrics);
    }

    public OutboxRelay(List<PublicationTarget> targets) {
        this(targets, Options.defaults(), Optional.empty());
    }

    private OutboxRelay(Optional<PendingOutbox> pending, List<PublicationTarget> targets, Options options, Optional<EmfMetrics> metrics) {
        this.publisher = new OrderedPublisher(targets, options);
        this.pending = pending;
        this.metrics = metrics;
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
        List<String> errors = new ArrayList<>();
        List<String> published = new ArrayList<>();
        int unpublished = 0;
        int resumeAt = records.size();

        // Announced subjects of the outbox table layout, in the order the batch names them first.
        Map<String, Announced> announced = new LinkedHashMap<>();
        List<Publication> legacy = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            DynamodbEvent.DynamodbStreamRecord record = records.get(i);
            if (!isOutboxInsert(record)) {
                continue;
            }
            try {
                if (record.getDynamodb().getNewImage().containsKey(OutboxRecord.SEQUENCE)) {
                    Announced a = announcement(i, record);
                    announced.merge(a.table() + "/" + a.subject(), a, Announced::later);
                } else {
                    legacy.add(legacyPublication(i, record));
                }
            } catch (IllegalArgumentException malformed) {
                // Publishing what follows would put it ahead of this record; stop here and let the
                // event source mapping's retry limit and on-failure destination deal with it.
                errors.add("record " + record.getEventID() + ": " + malformed.getMessage());
                resumeAt = i;
                break;
            }
        }

        // Subjects are independent: one that fails does not hold back the others, whose records are deleted
        // once published, so the retry from the failed subject's record finds nothing of theirs to send again.
        final int malformedAt = resumeAt;
        Map<String, List<Announced>> byTable = new LinkedHashMap<>();
        for (Announced a : announced.values()) {
            if (a.firstPosition() < malformedAt) {
                byTable.computeIfAbsent(a.table(), t -> new ArrayList<>()).add(a);
            }
        }
        for (Map.Entry<String, List<Announced>> table : byTable.entrySet()) {
            Map<String, BacklogPublisher.SubjectOutcome> outcomes = backlogs().publish(table.getKey(), table.getValue().stream()
                    .map(a -> new BacklogPublisher.Wanted(a.subject(), a.newestSequence(), true)).toList(), errors);
            for (Announced a : table.getValue()) {
                BacklogPublisher.SubjectOutcome outcome = outcomes.get(a.subject());
                published.addAll(outcome.published());
                unpublished += outcome.unpublished();
                if (!outcome.complete()) {
                    resumeAt = Math.min(resumeAt, a.firstPosition());
                }
            }
        }

        final int cutoff = resumeAt;
        List<Publication> dueLegacy = legacy.stream().filter(p -> p.position() < cutoff).toList();
        if (!dueLegacy.isEmpty()) {
            OrderedPublisher.Result result = publisher.publish(dueLegacy);
            errors.addAll(result.errors());
            int firstStopped = result.stoppedAt().values().stream().min(Integer::compare).orElse(Integer.MAX_VALUE);
            resumeAt = Math.min(resumeAt, firstStopped);
            final int legacyCutoff = resumeAt;
            // Records after the resume point go out again on the retry: count them there, not here.
            legacy.stream().filter(p -> p.position() < legacyCutoff).map(Publication::eventId).forEach(published::add);
            unpublished += (int) dueLegacy.stream().filter(p -> p.position() >= legacyCutoff).count();
        }

        count(published.size(), unpublished);
        Optional<String> resume = resumeAt < records.size()
                ? Optional.of(records.get(resumeAt).getDynamodb().getSequenceNumber()) : Optional.empty();
        resume.ifPresent(seq -> LOG.warn("outbox relay stopped; Lambda will retry from this record", "sequenceNumber", seq,
                "published", published.size(), "errors", String.join("; ", errors)));
        return new RelayResult(published, resume, errors);
    }

    private void count(int published, int unpublished) {
        metrics.ifPresent(m -> {
            m.count("OutboxPublished", published);
            m.count("OutboxUnpublished", unpublished);
            m.flush();
        });
    }

    /** A subject announced by a batch: where it first appears, and the newest sequence the batch names. */
    private record Announced(String table, String subject, int firstPosition, String newestSequence) {
        Announced later(Announced other) {
            return new Announced(table, subject, Math.min(firstPosition, other.firstPosition),
                    newestSequence.compareTo(other.newestSequence) >= 0 ? newestSequence : other.newestSequence);
        }
    }

    private BacklogPublisher backlogs() {
        return new BacklogPublisher(publisher, pending.orElseThrow(() -> new IllegalStateException("outbox table records reached a"
                + " relay built without a DynamoDB client; construct it with new OutboxRelay(dynamoDb, targets, options, metrics)")));
    }

    static boolean isOutboxInsert(DynamodbEvent.DynamodbStreamRecord record) {
        if (!"INSERT".equals(record.getEventName()) || record.getDynamodb() == null || record.getDynamodb().getNewImage() == null) {
            return false;
        }
        AttributeValue kind = record.getDynamodb().getNewImage().get(OutboxRecord.KIND);
        return kind != null && OutboxRecord.KIND_VALUE.equals(kind.getS());
    }

    private static Announced announcement(int position, DynamodbEvent.DynamodbStreamRecord record) {
        Map<String, AttributeValue> image = record.getDynamodb().getNewImage();
        return new Announced(tableOf(record), required(image, OutboxRecord.SUBJECT), position, required(image, OutboxRecord.SEQUENCE));
    }

    /** The table a stream record comes from: {@code arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>}. */
    static String tableOf(DynamodbEvent.DynamodbStreamRecord record) {
        String arn = record.getEventSourceARN();
        int start = arn == null ? -1 : arn.indexOf(":table/");
        if (start < 0) {
            throw new IllegalArgumentException("stream record has no table in its eventSourceARN (" + arn + ")");
        }
        int end = arn.indexOf('/', start + ":table/".length());
        return arn.substring(start + ":table/".length(), end < 0 ? arn.length() : end);
    }

    private static Publication legacyPublication(int position, DynamodbEvent.DynamodbStreamRecord record) {
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
