package dev.ferry.functions.orders;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.ferry.aws.AwsClients;
import dev.ferry.batch.ConsumerSettings;
import dev.ferry.batch.MessagePayloads;
import dev.ferry.batch.SqsBatchConsumer;
import dev.ferry.functions.Environment;
import dev.ferry.functions.consumer.ConsumerWiring;
import dev.ferry.functions.consumer.ExactlyOnce;
import dev.ferry.functions.consumer.IncomingEvents;
import dev.ferry.functions.events.Events;
import dev.ferry.outbox.Outbox;
import dev.ferry.outbox.OutboxTable;
import java.time.Clock;
import java.util.Map;

/** OrdersConsumer on {@code orders-payment-outcomes}. Env: ORDERS_TABLE, ORDERS_OUTBOX_TABLE, IDEMPOTENCY_TABLE, IDEMPOTENCY_TTL_SECONDS, DEAD_LETTER_QUEUE_URL. */
public final class PaymentOutcomeHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final SqsBatchConsumer consumer;

    public PaymentOutcomeHandler() {
        this(System.getenv());
    }

    public PaymentOutcomeHandler(Map<String, String> environment) {
        Environment env = Environment.of(environment);
        AwsClients clients = AwsClients.shared(environment);
        String table = env.required("ORDERS_TABLE");
        PaymentOutcomes outcomes = new PaymentOutcomes(new OrderTable(clients.dynamoDb(), table),
                new Outbox(clients.dynamoDb(), OutboxTable.named(env.required("ORDERS_OUTBOX_TABLE")), Events.codec()),
                new ExactlyOnce(ConsumerWiring.transactional(env, clients), PaymentOutcomes.CONSUMER),
                Clock.systemUTC());
        ConsumerSettings settings = ConsumerWiring.withDeadLetters(ConsumerSettings.atLeastOnce(PaymentOutcomes.CONSUMER), env, clients);
        this.consumer = new SqsBatchConsumer(settings,
                message -> IncomingEvents.decoded(MessagePayloads.sqsPayload(message), outcomes::apply));
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return consumer.handle(event, context);
    }
}
