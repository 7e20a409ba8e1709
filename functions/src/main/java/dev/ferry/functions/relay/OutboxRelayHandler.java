package dev.ferry.functions.relay;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ferry.aws.AwsClients;
import dev.ferry.functions.Environment;
import dev.ferry.logging.LogContext;
import dev.ferry.metrics.EmfMetrics;
import dev.ferry.outbox.KinesisTarget;
import dev.ferry.outbox.OutboxRelay;
import dev.ferry.outbox.PublicationTarget;
import dev.ferry.outbox.SnsTarget;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OutboxRelay on the streams of the outbox tables ({@code orders-outbox}, {@code accounts-outbox}; and, until
 * the records of the earlier layout are drained, of {@code orders} and {@code accounts}): publishes each
 * subject's pending records to SNS {@code domain-events} (attribute {@code type} for the filter policies) and
 * Kinesis {@code event-log} (partition key = subject), oldest first, deletes them once both have them, and
 * reports the first record of a subject that failed. Env: DOMAIN_EVENTS_TOPIC_ARN, EVENT_LOG_STREAM_NAME.
 */
public final class OutboxRelayHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final OutboxRelay relay;

    public OutboxRelayHandler() {
        this(System.getenv());
    }

    public OutboxRelayHandler(Map<String, String> environment) {
        Environment env = Environment.of(environment);
        AwsClients clients = AwsClients.shared(environment);
        this.relay = new OutboxRelay(clients.dynamoDb(), targets(env, clients),
                OutboxRelay.Options.defaults(), Optional.of(EmfMetrics.forService("Ferry", "OutboxRelay")));
    }

    /** SNS {@code domain-events} and Kinesis {@code event-log}: where every outbox event goes. */
    static List<PublicationTarget> targets(Environment env, AwsClients clients) {
        return List.of(new SnsTarget(clients.sns(), env.required("DOMAIN_EVENTS_TOPIC_ARN")),
                new KinesisTarget(clients.kinesis(), env.required("EVENT_LOG_STREAM_NAME")));
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        try (LogContext.Scope invocation = LogContext.invocation(context)) {
            return relay.handle(event);
        }
    }
}
