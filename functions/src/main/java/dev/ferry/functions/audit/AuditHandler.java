package dev.ferry.functions.audit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ferry.aws.AwsClients;
import dev.ferry.batch.ConsumerSettings;
import dev.ferry.batch.KinesisBatchConsumer;
import dev.ferry.batch.MessagePayloads;
import dev.ferry.batch.Outcome;
import dev.ferry.functions.Environment;
import dev.ferry.functions.consumer.IncomingEvents;
import dev.ferry.metrics.EmfMetrics;
import java.util.Map;

/**
 * Audit on the Kinesis {@code event-log}: stores every event under its correlation id. At-least-once is
 * enough: storing an event again writes the same item. Env: AUDIT_TABLE.
 */
public final class AuditHandler implements RequestHandler<KinesisEvent, StreamsEventResponse> {

    public static final String CONSUMER = "Audit";

    private final KinesisBatchConsumer consumer;

    public AuditHandler() {
        this(System.getenv());
    }

    public AuditHandler(Map<String, String> environment) {
        AuditTable table = new AuditTable(AwsClients.shared(environment).dynamoDb(), Environment.of(environment).required("AUDIT_TABLE"));
        ConsumerSettings settings = ConsumerSettings.atLeastOnce(CONSUMER).withMetrics(EmfMetrics.forService("Ferry", CONSUMER));
        this.consumer = new KinesisBatchConsumer(settings, record -> store(table, MessagePayloads.kinesisPayload(record)));
    }

    static Outcome store(AuditTable table, String payload) {
        return IncomingEvents.decodedTree(payload, event -> {
            table.put(new AuditEntry(event.correlationId(), event.id(), event.type(), event.source(), event.subject(), event.time(),
                    event.causationId(), event.data().toString()));
            return Outcome.done();
        });
    }

    @Override
    public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
        return consumer.handle(event, context);
    }
}
