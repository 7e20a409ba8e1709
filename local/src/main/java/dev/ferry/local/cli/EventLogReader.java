package dev.ferry.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Reads the workflow's Kinesis {@code event-log} back: every event the outbox relay appended since an instant, with
 * the envelope's own time (when the function that raised it created it) and the record's arrival time on the stream
 * (when the relay appended it, right after SNS accepted it). What {@code ferry load} times an order's hops with; it
 * only reads what the workflow writes anyway.
 */
final class EventLogReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** GetRecords calls per shard before giving up on reaching its tip (a stream still being written to fast). */
    private static final int MAX_READS = 10_000;

    /**
     * One event of the log.
     *
     * @param time    the envelope's {@code time}: when the function created the event
     * @param arrival the record's approximate arrival on the stream: when the relay appended it
     */
    record LoggedEvent(String id, String type, String correlationId, Optional<String> causationId, Instant time, Instant arrival) {}

    private final KinesisClient kinesis;
    private final String stream;

    EventLogReader(KinesisClient kinesis, String stream) {
        this.kinesis = kinesis;
        this.stream = stream;
    }

    /** The events appended from {@code since} on, whose correlation id starts with {@code correlationPrefix}. */
    List<LoggedEvent> since(Instant since, String correlationPrefix) {
        List<LoggedEvent> events = new ArrayList<>();
        List<Shard> shards = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            var page = kinesis.listShards(b -> {
                if (token == null) {
                    b.streamName(stream);
                } else {
                    b.nextToken(token);
                }
            });
            shards.addAll(page.shards());
            next = page.nextToken();
        } while (next != null);
        for (Shard shard : shards) {
            String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.AT_TIMESTAMP).timestamp(since)).shardIterator();
            for (int reads = 0; iterator != null && reads < MAX_READS; reads++) {
                String at = iterator;
                GetRecordsResponse page = kinesis.getRecords(b -> b.shardIterator(at).limit(10_000));
                for (Record r : page.records()) {
                    parse(r).filter(e -> e.correlationId().startsWith(correlationPrefix)).ifPresent(events::add);
                }
                boolean atTip = page.records().isEmpty()
                        && (page.millisBehindLatest() == null || page.millisBehindLatest() == 0);
                iterator = atTip ? null : page.nextShardIterator();
            }
        }
        return events;
    }

    static Optional<LoggedEvent> parse(Record r) {
        try {
            JsonNode e = JSON.readTree(r.data().asByteArray());
            if (!e.hasNonNull("type") || !e.hasNonNull("time") || !e.hasNonNull("correlationid")) {
                return Optional.empty();
            }
            return Optional.of(new LoggedEvent(e.path("id").asText(), e.get("type").asText(), e.get("correlationid").asText(),
                    Optional.ofNullable(e.get("causationid")).filter(JsonNode::isTextual).map(JsonNode::asText),
                    Instant.parse(e.get("time").asText()), r.approximateArrivalTimestamp()));
        } catch (IOException | RuntimeException notAnEnvelope) {
            return Optional.empty();
        }
    }
}
