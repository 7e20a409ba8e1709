package dev.ferry.infra;

import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.Duration;

/**
 * The reference workflow's contract (docs/architecture.md) as constants: every function, event type and
 * delivery setting the stacks deploy. Change the document first, then this class.
 */
public final class Workflow {

    public static final FunctionSpec ORDERS_API =
            new FunctionSpec("OrdersApi", "dev.ferry.functions.orders.OrdersApiHandler", FunctionRole.API);
    public static final FunctionSpec ACCOUNTS_API =
            new FunctionSpec("AccountsApi", "dev.ferry.functions.payments.AccountsApiHandler", FunctionRole.API);
    public static final FunctionSpec TRACES_API =
            new FunctionSpec("TracesApi", "dev.ferry.functions.audit.TracesApiHandler", FunctionRole.API);
    public static final FunctionSpec DEPOSIT_WORKER = new FunctionSpec("DepositWorker",
            "dev.ferry.functions.payments.DepositWorkerHandler", FunctionRole.QUEUE_CONSUMER);
    public static final FunctionSpec PAYMENTS_CONSUMER = new FunctionSpec("PaymentsConsumer",
            "dev.ferry.functions.payments.OrderPlacedHandler", FunctionRole.QUEUE_CONSUMER);
    public static final FunctionSpec ORDERS_CONSUMER = new FunctionSpec("OrdersConsumer",
            "dev.ferry.functions.orders.PaymentOutcomeHandler", FunctionRole.QUEUE_CONSUMER);
    public static final FunctionSpec NOTIFICATIONS = new FunctionSpec("Notifications",
            "dev.ferry.functions.notifications.EmailTaskHandler", FunctionRole.QUEUE_CONSUMER);
    public static final FunctionSpec ANALYTICS = new FunctionSpec("Analytics",
            "dev.ferry.functions.analytics.AnalyticsHandler", FunctionRole.STREAM_CONSUMER);
    public static final FunctionSpec AUDIT =
            new FunctionSpec("Audit", "dev.ferry.functions.audit.AuditHandler", FunctionRole.STREAM_CONSUMER);
    public static final FunctionSpec TELEMETRY = new FunctionSpec("Telemetry",
            "dev.ferry.functions.telemetry.TelemetryHandler", FunctionRole.TELEMETRY);
    public static final FunctionSpec OUTBOX_RELAY = new FunctionSpec("OutboxRelay",
            "dev.ferry.functions.relay.OutboxRelayHandler", FunctionRole.STREAM_CONSUMER);
    public static final FunctionSpec OUTBOX_SWEEPER = new FunctionSpec("OutboxSweeper",
            "dev.ferry.functions.relay.OutboxSweeperHandler", FunctionRole.STREAM_CONSUMER);

    public static final List<FunctionSpec> FUNCTIONS = List.of(ORDERS_API, ACCOUNTS_API, TRACES_API, DEPOSIT_WORKER,
            PAYMENTS_CONSUMER, ORDERS_CONSUMER, NOTIFICATIONS, ANALYTICS, AUDIT, TELEMETRY, OUTBOX_RELAY, OUTBOX_SWEEPER);

    /** Event types, carried by the SNS message attribute {@code type} that subscriptions filter on. */
    public static final String ACCOUNT_OPENED = "dev.ferry.payments.AccountOpened.v1";
    public static final String ORDER_PLACED = "dev.ferry.orders.OrderPlaced.v1";
    public static final String PAYMENT_SUCCEEDED = "dev.ferry.payments.PaymentSucceeded.v1";
    public static final String PAYMENT_FAILED = "dev.ferry.payments.PaymentFailed.v1";
    public static final String ORDER_CONFIRMED = "dev.ferry.orders.OrderConfirmed.v1";
    public static final String ORDER_REJECTED = "dev.ferry.orders.OrderRejected.v1";
    public static final String DEPOSIT_APPLIED = "dev.ferry.payments.DepositApplied.v1";
    /** The SNS message attribute that subscriptions filter on. */
    public static final String TYPE_ATTRIBUTE = "type";

    /** SQS consumers: batch size, and the batching window of the consumers that have one. */
    public static final int QUEUE_BATCH_SIZE = 10;
    public static final Duration QUEUE_BATCHING_WINDOW = Duration.seconds(1);
    /** Receives after which a message moves to its queue's DLQ. */
    public static final int MAX_RECEIVE_COUNT = 5;

    /**
     * The most batches an SQS mapping runs at once (ScalingConfig.MaximumConcurrency; Lambda's minimum is 2),
     * chosen from what each consumer's downstream takes, so that a burst waits in the queue instead of
     * scaling the consumer to the account's concurrency limit:
     * <ul>
     *   <li>PaymentsConsumer, OrdersConsumer: 5. Each batch is up to 10 transactions on the accounts or orders
     *       table; 5 × 10 × 2 = 100 write units in flight stays far below an on-demand table's per-partition
     *       1,000 WCU/s, and an account's debits serialise on its version anyway.</li>
     *   <li>Notifications: 2. An email provider's sending rate is the limit (SES starts accounts at 14 per
     *       second); two batches of 10 keep under it.</li>
     *   <li>DepositWorker: 2. A FIFO queue runs one batch per message group at a time; more concurrency only
     *       helps when many accounts deposit at once, and 2 is Lambda's minimum.</li>
     * </ul>
     * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html#events-sqs-max-concurrency
     */
    public static int queueMaximumConcurrency(FunctionSpec consumer) {
        if (consumer.equals(PAYMENTS_CONSUMER) || consumer.equals(ORDERS_CONSUMER)) {
            return 5;
        }
        return 2;
    }

    /**
     * Batches per shard processed at once. Lambda keeps the order of records with the same partition key
     * across them (https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html#services-kinesis-parallelization):
     * the event-log readers (keyed by subject) take 2; the relay stays at 1, one batch after the other per shard,
     * because two concurrent batches of one outbox subject could publish a duplicate after a later event.
     */
    public static int streamParallelizationFactor(FunctionSpec consumer) {
        return consumer.equals(OUTBOX_RELAY) ? 1 : 2;
    }

    /** Backlog alarms of the consumer queues: a message older than this, or more messages than that, waiting. */
    public static final Duration QUEUE_BACKLOG_AGE = Duration.minutes(5);
    public static final int QUEUE_BACKLOG_DEPTH = 1_000;

    /** Stream consumers (Kinesis and DynamoDB Streams). */
    public static final int STREAM_BATCH_SIZE = 100;
    /** Retries of a failing batch; bisecting it does not count against them. */
    public static final int STREAM_RETRY_ATTEMPTS = 5;
    /** Records older than this go to stream-failures instead of blocking their shard. */
    public static final Duration STREAM_MAX_RECORD_AGE = Duration.hours(6);

    /** How often the sweeper looks for outbox records the relay left, and how old they must be by then. */
    public static final Duration OUTBOX_SWEEP_INTERVAL = Duration.minutes(5);
    public static final Duration OUTBOX_SWEEP_GRACE = Duration.minutes(2);

    /** Kinesis event-log. */
    public static final int EVENT_LOG_SHARDS = 2;

    private Workflow() {
    }

    /**
     * The batching window of a queue consumer: the two consumers of domain events wait up to a second to fill
     * a batch; the FIFO deposit worker cannot (FIFO sources take no window) and emails go out at once.
     */
    public static Optional<Duration> queueBatchingWindow(FunctionSpec consumer) {
        return consumer.equals(PAYMENTS_CONSUMER) || consumer.equals(ORDERS_CONSUMER)
                ? Optional.of(QUEUE_BATCHING_WINDOW)
                : Optional.empty();
    }

    /**
     * Lambda's guidance for an SQS source: visibility timeout at least six times the function timeout plus
     * the batching window, so that a message is not redelivered while a retried invocation still holds it.
     */
    public static Duration queueVisibilityTimeout(FunctionSpec consumer) {
        int window = queueBatchingWindow(consumer).map(w -> w.toSeconds().intValue()).orElse(0);
        return Duration.seconds(6 * consumer.role().timeout().toSeconds().intValue() + window);
    }
}
