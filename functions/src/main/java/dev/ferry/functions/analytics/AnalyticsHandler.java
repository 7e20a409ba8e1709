package dev.ferry.functions.analytics;

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
import dev.ferry.functions.consumer.ConsumerWiring;
import dev.ferry.functions.consumer.IncomingEvents;
import dev.ferry.metrics.EmfMetrics;
import java.util.Map;

/**
 * Analytics on the Kinesis {@code event-log}: per-minute counts by event type and revenue of confirmed
 * orders, effectively once per event id. Records run in shard order; the first one not settled is reported
 * and nothing after it runs. Env: ANALYTICS_TABLE, IDEMPOTENCY_TABLE.
 */
public final class AnalyticsHandler implements RequestHandler<KinesisEvent, StreamsEventResponse> {

    public static final String CONSUMER = "Analytics";

    private final KinesisBatchConsumer consumer;

    public AnalyticsHandler() {
        this(System.getenv());
    }

    public AnalyticsHandler(Map<String, String> environment) {
        Environment env = Environment.of(environment);
        AwsClients clients = AwsClients.shared(environment);
        AnalyticsProjector projector = new AnalyticsProjector(new AnalyticsTable(clients.dynamoDb(), env.required("ANALYTICS_TABLE")),
                ConsumerWiring.transactional(env, clients), CONSUMER);
        ConsumerSettings settings = ConsumerSettings.atLeastOnce(CONSUMER).withMetrics(EmfMetrics.forService("Ferry", CONSUMER));
        this.consumer = new KinesisBatchConsumer(settings, record -> project(projector, MessagePayloads.kinesisPayload(record)));
    }

    static Outcome project(AnalyticsProjector projector, String payload) {
        return IncomingEvents.decodedTree(payload, projector::project);
    }

    @Override
    public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
        return consumer.handle(event, context);
    }
}
