package dev.ferry.functions.analytics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The Kinesis {@code event-log} read with its own shard iterators (no checkpoints, no lease table), so it runs
 * beside the live consumers without touching their positions. Every shard is read, closed parents included;
 * a shard is done when it is closed and drained, or when it is caught up with the tip.
 */
public final class KinesisEventLog implements EventLog {

    /** GetRecords allows five calls per second per shard. */
    private static final long PAUSE_MILLIS = 200;

    private final KinesisClient kinesis;
    private final String stream;

    public KinesisEventLog(KinesisClient kinesis, String stream) {
        this.kinesis = kinesis;
        this.stream = stream;
    }

    @Override
    public void read(StartPosition from, Consumer<String> sink) {
        for (Shard shard : shards()) {
            GetShardIteratorRequest.Builder request = GetShardIteratorRequest.builder().shardId(shard.shardId());
            named(request);
            switch (from) {
                case StartPosition.TrimHorizon t -> request.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                case StartPosition.AtTimestamp at -> request.shardIteratorType(ShardIteratorType.AT_TIMESTAMP).timestamp(at.timestamp());
            }
            String iterator = kinesis.getShardIterator(request.build()).shardIterator();
            while (iterator != null) {
                final String current = iterator;
                GetRecordsResponse page = kinesis.getRecords(b -> b.shardIterator(current).limit(1000));
                for (Record record : page.records()) {
                    sink.accept(record.data().asString(StandardCharsets.UTF_8));
                }
                boolean caughtUp = page.records().isEmpty() && page.millisBehindLatest() != null && page.millisBehindLatest() == 0;
                iterator = caughtUp ? null : page.nextShardIterator();
                if (iterator != null) {
                    pause();
                }
            }
        }
    }

    private List<Shard> shards() {
        List<Shard> shards = new ArrayList<>();
        String next = null;
        do {
            ListShardsRequest.Builder request = ListShardsRequest.builder();
            if (next == null) {
                if (stream.startsWith("arn:")) {
                    request.streamARN(stream);
                } else {
                    request.streamName(stream);
                }
            } else {
                request.nextToken(next);
            }
            ListShardsResponse page = kinesis.listShards(request.build());
            shards.addAll(page.shards());
            next = page.nextToken();
        } while (next != null);
        return shards;
    }

    private void named(GetShardIteratorRequest.Builder request) {
        if (stream.startsWith("arn:")) {
            request.streamARN(stream);
        } else {
            request.streamName(stream);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("replay interrupted", e);
        }
    }
}
