package dev.ferry.batch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.util.List;

/**
 * A DynamoDB Streams consumer: records in order, stop at the first unsettled record and report only it.
 * The idempotency key is the stream record's event id.
 */
public final class DynamodbStreamConsumer {

    private final StreamBatch<DynamodbEvent.DynamodbStreamRecord> batch;
    private final ConsumerSettings settings;

    public DynamodbStreamConsumer(ConsumerSettings settings, MessageHandler<DynamodbEvent.DynamodbStreamRecord> handler) {
        this.settings = settings;
        this.batch = StreamBatch.dynamodb(settings, handler);
    }

    public ConsumerSettings settings() {
        return settings;
    }

    public StreamsEventResponse handle(DynamodbEvent event, Context context) {
        return batch.handle(event.getRecords() == null ? List.of() : event.getRecords(), context);
    }
}
