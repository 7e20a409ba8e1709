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
import dev.ferry.functions.events.DepositRequested;
import dev.ferry.functions.events.Events;
import dev.ferry.outbox.Outbox;
import dev.ferry.outbox.OutboxTable;
import java.time.Clock;
import java.util.Map;

/**
 * DepositWorker on {@code account-commands.fifo}: partial batch responses, and a message that is not settled
 * holds back the rest of its account's group in the batch while other accounts go on. Env: ACCOUNTS_TABLE,
 * ACCOUNTS_OUTBOX_TABLE, IDEMPOTENCY_TABLE, IDEMPOTENCY_TTL_SECONDS (DEAD_LETTER_QUEUE_URL optional).
 */
public final class DepositWorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final SqsBatchConsumer consumer;

    public DepositWorkerHandler() {
        this(System.getenv());
    }

    public DepositWorkerHandler(Map<String, String> environment) {
        Environment env = Environment.of(environment);
        AwsClients clients = AwsClients.shared(environment);
        String table = env.required("ACCOUNTS_TABLE");
        DepositWorker worker = new DepositWorker(new AccountTable(clients.dynamoDb(), table),
                new Outbox(clients.dynamoDb(), OutboxTable.named(env.required("ACCOUNTS_OUTBOX_TABLE")), Events.codec()),
                new ExactlyOnce(ConsumerWiring.transactional(env, clients), DepositWorker.CONSUMER), Clock.systemUTC());
        // At-least-once delivery; the worker's transaction makes the effect exactly-once.
        ConsumerSettings settings = ConsumerWiring.withDeadLetters(ConsumerSettings.atLeastOnce(DepositWorker.CONSUMER), env, clients);
        this.consumer = new SqsBatchConsumer(settings, EnvelopeHandlers.sqs(Events.codec(), DepositRequested.class, worker::apply));
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return consumer.handle(event, context);
    }
}
