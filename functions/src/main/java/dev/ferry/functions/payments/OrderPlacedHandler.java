package dev.ferry.functions.payments;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.ferry.aws.AwsClients;
import dev.ferry.batch.ConsumerSettings;
import dev.ferry.batch.EnvelopeHandlers;
import dev.ferry.batch.SqsBatchConsumer;
import dev.ferry.functions.Environment;
import dev.ferry.functions.consumer.ConsumerWiring;
import dev.ferry.functions.consumer.ExactlyOnce;
import dev.ferry.functions.events.Events;
import dev.ferry.functions.events.OrderPlaced;
import dev.ferry.outbox.Outbox;
import dev.ferry.outbox.OutboxTable;
import java.time.Clock;
import java.util.Map;

/** PaymentsConsumer on {@code payments-order-placed}. Env: ACCOUNTS_TABLE, ACCOUNTS_OUTBOX_TABLE, IDEMPOTENCY_TABLE, IDEMPOTENCY_TTL_SECONDS, DEAD_LETTER_QUEUE_URL. */
public final class OrderPlacedHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final SqsBatchConsumer consumer;

    public OrderPlacedHandler() {
        this(System.getenv());
    }

    public OrderPlacedHandler(Map<String, String> environment) {
        Environment env = Environment.of(environment);
        AwsClients clients = AwsClients.shared(environment);
        String table = env.required("ACCOUNTS_TABLE");
        Payments payments = new Payments(new AccountTable(clients.dynamoDb(), table),
                new Outbox(clients.dynamoDb(), OutboxTable.named(env.required("ACCOUNTS_OUTBOX_TABLE")), Events.codec()),
                new ExactlyOnce(ConsumerWiring.transactional(env, clients), Payments.CONSUMER), Clock.systemUTC());
        ConsumerSettings settings = ConsumerWiring.withDeadLetters(ConsumerSettings.atLeastOnce(Payments.CONSUMER), env, clients);
        this.consumer = new SqsBatchConsumer(settings, EnvelopeHandlers.sqs(Events.codec(), OrderPlaced.class, payments::pay));
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return consumer.handle(event, context);
    }
}
