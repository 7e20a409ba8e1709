package dev.ferry.batch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.util.List;

/**
 * A Kinesis consumer: records in shard order, stop at the first unsettled record and report only it.
 * The idempotency key is the envelope id in the record's data, else the record's event id.
 */
public final class KinesisBatchConsumer {

    private final StreamBatch<KinesisEvent.KinesisEventRecord> batch;
    private final ConsumerSettings settings;

    public KinesisBatchConsumer(ConsumerSettings settings, MessageHandler<KinesisEvent.KinesisEventRecord> handler) {
        this.settings = settings;
        this.batch = StreamBatch.kinesis(settings, handler);
    }

    public ConsumerSettings settings() {
        return settings;
    }

    public StreamsEventResponse handle(KinesisEvent event, Context context) {
        return batch.handle(event.getRecords() == null ? List.of() : event.getRecords(), context);
    }
}
