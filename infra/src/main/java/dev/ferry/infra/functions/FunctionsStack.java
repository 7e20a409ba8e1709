package dev.ferry.infra.functions;

import dev.ferry.infra.DeploymentSettings;
import dev.ferry.infra.FunctionSpec;
import dev.ferry.infra.RedeliveryHorizon;
import dev.ferry.infra.Workflow;
import dev.ferry.infra.data.DataStack;
import dev.ferry.infra.messaging.ConsumerQueue;
import dev.ferry.infra.messaging.MessagingStack;
import dev.ferry.outbox.OutboxRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.lambda.CfnEventSourceMapping;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.EventSourceMapping;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.amazon.awscdk.services.sns.subscriptions.LambdaSubscription;
import software.constructs.Construct;

/**
 * The workflow's functions (docs/architecture.md, "Functions") from the one functions jar, their environment,
 * their least-privilege grants and their triggers: SQS mappings that report partial batch failures, stream
 * mappings that bisect, retry a bounded number of times and then hand the batch to {@code stream-failures},
 * and the telemetry subscription invoked asynchronously without retries.
 */
public final class FunctionsStack extends Stack {

    private final Map<String, WorkflowFunction> functions = new LinkedHashMap<>();
    private final List<WorkflowFunction> streamConsumers;

    public FunctionsStack(Construct scope, String id, StackProps props, DeploymentSettings settings, DataStack data,
            MessagingStack messaging) {
        super(scope, id, props);
        Code code = Code.fromAsset(settings.functionsJar().toString());
        String idempotency = data.idempotency().getTableName();
        String telemetryTopic = messaging.telemetry().getTopicArn();

        // API
        String apiKeys = seconds(RedeliveryHorizon.API_KEYS);
        WorkflowFunction ordersApi = add(settings, code, Workflow.ORDERS_API, Map.of(
                "ORDERS_TABLE", data.orders().getTableName(),
                "ORDERS_OUTBOX_TABLE", data.ordersOutbox().getTableName(),
                "IDEMPOTENCY_TABLE", idempotency,
                "IDEMPOTENCY_TTL_SECONDS", apiKeys,
                "TELEMETRY_TOPIC_ARN", telemetryTopic));
        DynamoDbAccess.readWrite(data.orders(), ordersApi.role());
        DynamoDbAccess.append(data.ordersOutbox(), ordersApi.role());
        DynamoDbAccess.readWrite(data.idempotency(), ordersApi.role());
        messaging.telemetry().grantPublish(ordersApi.role());

        WorkflowFunction accountsApi = add(settings, code, Workflow.ACCOUNTS_API, Map.of(
                "ACCOUNTS_TABLE", data.accounts().getTableName(),
                "ACCOUNTS_OUTBOX_TABLE", data.accountsOutbox().getTableName(),
                "IDEMPOTENCY_TABLE", idempotency,
                "IDEMPOTENCY_TTL_SECONDS", apiKeys,
                "ACCOUNT_COMMANDS_QUEUE_URL", messaging.accountCommands().queue().getQueueUrl(),
                "TELEMETRY_TOPIC_ARN", telemetryTopic));
        DynamoDbAccess.readWrite(data.accounts(), accountsApi.role());
        DynamoDbAccess.append(data.accountsOutbox(), accountsApi.role());
        DynamoDbAccess.readWrite(data.idempotency(), accountsApi.role());
        messaging.accountCommands().queue().grantSendMessages(accountsApi.role());
        messaging.telemetry().grantPublish(accountsApi.role());

        WorkflowFunction tracesApi = add(settings, code, Workflow.TRACES_API, Map.of(
                "AUDIT_TABLE", data.audit().getTableName()));
        DynamoDbAccess.read(data.audit(), tracesApi.role());

        // Queue consumers: idempotency records live as long as their queue can bring a message back.
        WorkflowFunction depositWorker = add(settings, code, Workflow.DEPOSIT_WORKER, Map.of(
                "ACCOUNTS_TABLE", data.accounts().getTableName(),
                "ACCOUNTS_OUTBOX_TABLE", data.accountsOutbox().getTableName(),
                "IDEMPOTENCY_TABLE", idempotency,
                "IDEMPOTENCY_TTL_SECONDS", seconds(queueHorizon(false)),
                "DEAD_LETTER_QUEUE_URL", messaging.accountCommands().deadLetterQueue().getQueueUrl()));
        DynamoDbAccess.readWrite(data.accounts(), depositWorker.role());
        DynamoDbAccess.append(data.accountsOutbox(), depositWorker.role());
        DynamoDbAccess.readWrite(data.idempotency(), depositWorker.role());
        // A command that can never be applied goes to the DLQ with its reason at once, so it does not hold up
        // the account's later deposits in the FIFO group while the queue redelivers it.
        messaging.accountCommands().deadLetterQueue().grantSendMessages(depositWorker.role());
        consumeQueue(depositWorker, messaging.accountCommands());

        WorkflowFunction paymentsConsumer = add(settings, code, Workflow.PAYMENTS_CONSUMER, Map.of(
                "ACCOUNTS_TABLE", data.accounts().getTableName(),
                "ACCOUNTS_OUTBOX_TABLE", data.accountsOutbox().getTableName(),
                "IDEMPOTENCY_TABLE", idempotency,
                "IDEMPOTENCY_TTL_SECONDS", seconds(queueHorizon(true)),
                "DEAD_LETTER_QUEUE_URL", messaging.paymentsOrderPlaced().deadLetterQueue().getQueueUrl()));
        DynamoDbAccess.readWrite(data.accounts(), paymentsConsumer.role());
        DynamoDbAccess.append(data.accountsOutbox(), paymentsConsumer.role());
        DynamoDbAccess.readWrite(data.idempotency(), paymentsConsumer.role());
        // The toolkit moves a message it can never process to the DLQ itself (DEAD_LETTER_QUEUE_URL).
        messaging.paymentsOrderPlaced().deadLetterQueue().grantSendMessages(paymentsConsumer.role());
        consumeQueue(paymentsConsumer, messaging.paymentsOrderPlaced());

        WorkflowFunction ordersConsumer = add(settings, code, Workflow.ORDERS_CONSUMER, Map.of(
                "ORDERS_TABLE", data.orders().getTableName(),
                "ORDERS_OUTBOX_TABLE", data.ordersOutbox().getTableName(),
                "IDEMPOTENCY_TABLE", idempotency,
                "IDEMPOTENCY_TTL_SECONDS", seconds(queueHorizon(true)),
                "DEAD_LETTER_QUEUE_URL", messaging.ordersPaymentOutcomes().deadLetterQueue().getQueueUrl()));
        DynamoDbAccess.readWrite(data.orders(), ordersConsumer.role());
        DynamoDbAccess.append(data.ordersOutbox(), ordersConsumer.role());
        DynamoDbAccess.readWrite(data.idempotency(), ordersConsumer.role());
        // The toolkit moves a message it can never process to the DLQ itself (DEAD_LETTER_QUEUE_URL).
        messaging.ordersPaymentOutcomes().deadLetterQueue().grantSendMessages(ordersConsumer.role());
        consumeQueue(ordersConsumer, messaging.ordersPaymentOutcomes());

        WorkflowFunction notifications = add(settings, code, Workflow.NOTIFICATIONS, Map.of(
                "NOTIFICATIONS_TABLE", data.notifications().getTableName(),
                "IDEMPOTENCY_TABLE", idempotency,
                "IDEMPOTENCY_TTL_SECONDS", seconds(queueHorizon(true)),
                "DEAD_LETTER_QUEUE_URL", messaging.notificationsEmails().deadLetterQueue().getQueueUrl()));
        DynamoDbAccess.readWrite(data.notifications(), notifications.role());
        DynamoDbAccess.readWrite(data.idempotency(), notifications.role());
        // The toolkit moves a message it can never process to the DLQ itself (DEAD_LETTER_QUEUE_URL).
        messaging.notificationsEmails().deadLetterQueue().grantSendMessages(notifications.role());
        consumeQueue(notifications, messaging.notificationsEmails());

        // Stream consumers
        WorkflowFunction analytics = add(settings, code, Workflow.ANALYTICS, Map.of(
                "ANALYTICS_TABLE", data.analytics().getTableName(),
                "IDEMPOTENCY_TABLE", idempotency,
                "IDEMPOTENCY_TTL_SECONDS", seconds(RedeliveryHorizon.streamConsumer(MessagingStack.eventLogRetention(settings)))));
        DynamoDbAccess.readWrite(data.analytics(), analytics.role());
        DynamoDbAccess.readWrite(data.idempotency(), analytics.role());
        consumeEventLog(analytics, messaging);

        WorkflowFunction audit = add(settings, code, Workflow.AUDIT, Map.of(
                "AUDIT_TABLE", data.audit().getTableName()));
        DynamoDbAccess.readWrite(data.audit(), audit.role());
        consumeEventLog(audit, messaging);

        // The outbox: the relay is the fast path from the outbox tables' streams, the sweeper the slow path for
        // whatever the relay could not publish (an outage longer than its retries, records trimmed from the stream).
        WorkflowFunction relay = add(settings, code, Workflow.OUTBOX_RELAY, Map.of(
                "DOMAIN_EVENTS_TOPIC_ARN", messaging.domainEvents().getTopicArn(),
                "EVENT_LOG_STREAM_NAME", messaging.eventLog().getStreamName()));
        messaging.domainEvents().grantPublish(relay.role());
        messaging.eventLog().grantWrite(relay.role());
        relayOutbox(relay, "OrdersOutbox", data.ordersOutbox(), messaging, false);
        relayOutbox(relay, "AccountsOutbox", data.accountsOutbox(), messaging, false);
        // Until the records an earlier version wrote into the state tables are drained (docs/deploy.md).
        relayOutbox(relay, "Orders", data.orders(), messaging, true);
        relayOutbox(relay, "Accounts", data.accounts(), messaging, true);

        WorkflowFunction sweeper = add(settings, code, Workflow.OUTBOX_SWEEPER, Map.of(
                "OUTBOX_TABLES", Fn.join(",", List.of(data.ordersOutbox().getTableName(), data.accountsOutbox().getTableName())),
                "OUTBOX_SWEEP_GRACE_SECONDS", seconds(settings.outboxSweepGrace()),
                "DOMAIN_EVENTS_TOPIC_ARN", messaging.domainEvents().getTopicArn(),
                "EVENT_LOG_STREAM_NAME", messaging.eventLog().getStreamName()));
        messaging.domainEvents().grantPublish(sweeper.role());
        messaging.eventLog().grantWrite(sweeper.role());
        DynamoDbAccess.sweep(data.ordersOutbox(), sweeper.role());
        DynamoDbAccess.sweep(data.accountsOutbox(), sweeper.role());
        Rule.Builder.create(this, "OutboxSweepSchedule")
                .ruleName(settings.name("outbox-sweep"))
                .description("Publishes outbox records the relay has not published " + settings.outboxSweepGrace().toSeconds() + " s after they were written")
                .schedule(Schedule.rate(Workflow.OUTBOX_SWEEP_INTERVAL))
                // A missed run costs nothing: the next one sweeps the same records.
                .targets(List.of(LambdaFunction.Builder.create(sweeper.function()).retryAttempts(0).build()))
                .build();

        // At-most-once telemetry: SNS invokes asynchronously; no retries, no failure destination.
        WorkflowFunction telemetry = add(settings, code, Workflow.TELEMETRY, Map.of());
        messaging.telemetry().addSubscription(new LambdaSubscription(telemetry.function()));
        telemetry.function().configureAsyncInvoke(EventInvokeConfigOptions.builder().retryAttempts(0).build());

        streamConsumers = List.of(analytics, audit, relay);
    }

    private WorkflowFunction add(DeploymentSettings settings, Code code, FunctionSpec spec,
            Map<String, String> environment) {
        WorkflowFunction function = new WorkflowFunction(this, settings, code, spec, environment);
        functions.put(spec.name(), function);
        return function;
    }

    private void consumeQueue(WorkflowFunction consumer, ConsumerQueue source) {
        source.queue().grantConsumeMessages(consumer.role());
        EventSourceMapping.Builder.create(this, consumer.spec().name() + "QueueMapping")
                .target(consumer.function())
                .eventSourceArn(source.queue().getQueueArn())
                .batchSize(Workflow.QUEUE_BATCH_SIZE)
                .maxBatchingWindow(Workflow.queueBatchingWindow(consumer.spec()).orElse(null))
                .maxConcurrency(Workflow.queueMaximumConcurrency(consumer.spec()))
                .reportBatchItemFailures(true)
                .build();
    }

    private void consumeEventLog(WorkflowFunction consumer, MessagingStack messaging) {
        messaging.eventLog().grantRead(consumer.role());
        messaging.eventLog().grant(consumer.role(), "kinesis:DescribeStream");
        streamMapping(consumer, consumer.spec().name() + "EventLogMapping", messaging.eventLog().getStreamArn(),
                messaging);
    }

    /**
     * @param legacy the table is a state table whose stream carries records of the earlier layout: the relay
     *               publishes them from the stream images and needs no access to the table itself
     */
    private void relayOutbox(WorkflowFunction relay, String tableId, ITable table, MessagingStack messaging, boolean legacy) {
        DynamoDbAccess.streamRead(table, relay);
        if (!legacy) {
            DynamoDbAccess.relay(table, relay.role());
        }
        // Giving up on a batch loses nothing: its records stay in the outbox table until the sweeper publishes
        // them, so the relay's mappings retry a bounded number of times like the other stream consumers.
        EventSourceMapping mapping = streamMapping(relay, "Relay" + tableId + "OutboxMapping",
                table.getTableStreamArn(), messaging);
        // The toolkit's pattern verbatim (not re-serialised), so that the relay sees only new outbox records.
        ((CfnEventSourceMapping) mapping.getNode().getDefaultChild()).addPropertyOverride("FilterCriteria",
                Map.of("Filters", List.of(Map.of("Pattern", OutboxRecord.STREAM_FILTER_PATTERN))));
    }

    private EventSourceMapping streamMapping(WorkflowFunction consumer, String id, String sourceArn,
            MessagingStack messaging) {
        return EventSourceMapping.Builder.create(this, id)
                .target(consumer.function())
                .eventSourceArn(sourceArn)
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .batchSize(Workflow.STREAM_BATCH_SIZE)
                .bisectBatchOnError(true)
                .retryAttempts(Workflow.STREAM_RETRY_ATTEMPTS)
                .maxRecordAge(Workflow.STREAM_MAX_RECORD_AGE)
                .onFailure(new SqsDlq(messaging.streamFailures()))
                .reportBatchItemFailures(true)
                // Records of one partition key stay in order across the concurrent batches of a shard.
                .parallelizationFactor(Workflow.streamParallelizationFactor(consumer.spec()))
                .build();
    }

    private static Duration queueHorizon(boolean fedBySns) {
        return RedeliveryHorizon.queueConsumer(ConsumerQueue.RETENTION, ConsumerQueue.DEAD_LETTER_RETENTION, fedBySns);
    }

    private static String seconds(Duration duration) {
        return Long.toString(duration.toSeconds().longValue());
    }

    /** Every function by its name in the contract, in the contract's order of creation. */
    public Map<String, WorkflowFunction> functions() {
        return functions;
    }

    public WorkflowFunction function(FunctionSpec spec) {
        WorkflowFunction function = functions.get(spec.name());
        if (function == null) {
            throw new IllegalArgumentException("no function " + spec.name() + " in " + getStackName());
        }
        return function;
    }

    /** The functions reading a stream: their iterator age tells how far behind they are. */
    public List<WorkflowFunction> streamConsumers() {
        return streamConsumers;
    }
}
