package dev.ferry.infra.functions;

import dev.ferry.infra.DeploymentSettings;
import dev.ferry.infra.FunctionSpec;
import dev.ferry.infra.Workflow;
import dev.ferry.infra.data.DataStack;
import dev.ferry.infra.messaging.ConsumerQueue;
import dev.ferry.infra.messaging.MessagingStack;
import dev.ferry.outbox.OutboxRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.ITable;
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
        WorkflowFunction ordersApi = add(settings, code, Workflow.ORDERS_API, Map.of(
                "ORDERS_TABLE", data.orders().getTableName(),
                "IDEMPOTENCY_TABLE", idempotency,
                "TELEMETRY_TOPIC_ARN", telemetryTopic));
        DynamoDbAccess.readWrite(data.orders(), ordersApi.role());
        DynamoDbAccess.readWrite(data.idempotency(), ordersApi.role());
        messaging.telemetry().grantPublish(ordersApi.role());

        WorkflowFunction accountsApi = add(settings, code, Workflow.ACCOUNTS_API, Map.of(
                "ACCOUNTS_TABLE", data.accounts().getTableName(),
                "IDEMPOTENCY_TABLE", idempotency,
                "ACCOUNT_COMMANDS_QUEUE_URL", messaging.accountCommands().queue().getQueueUrl(),
                "TELEMETRY_TOPIC_ARN", telemetryTopic));
        DynamoDbAccess.readWrite(data.accounts(), accountsApi.role());
        DynamoDbAccess.readWrite(data.idempotency(), accountsApi.role());
        messaging.accountCommands().queue().grantSendMessages(accountsApi.role());
        messaging.telemetry().grantPublish(accountsApi.role());

        WorkflowFunction tracesApi = add(settings, code, Workflow.TRACES_API, Map.of(
                "AUDIT_TABLE", data.audit().getTableName()));
        DynamoDbAccess.read(data.audit(), tracesApi.role());

        // Queue consumers
        WorkflowFunction depositWorker = add(settings, code, Workflow.DEPOSIT_WORKER, Map.of(
                "ACCOUNTS_TABLE", data.accounts().getTableName(),
                "IDEMPOTENCY_TABLE", idempotency));
        DynamoDbAccess.readWrite(data.accounts(), depositWorker.role());
        DynamoDbAccess.readWrite(data.idempotency(), depositWorker.role());
        consumeQueue(depositWorker, messaging.accountCommands());

        WorkflowFunction paymentsConsumer = add(settings, code, Workflow.PAYMENTS_CONSUMER, Map.of(
                "ACCOUNTS_TABLE", data.accounts().getTableName(),
                "IDEMPOTENCY_TABLE", idempotency,
                "DEAD_LETTER_QUEUE_URL", messaging.paymentsOrderPlaced().deadLetterQueue().getQueueUrl()));
        DynamoDbAccess.readWrite(data.accounts(), paymentsConsumer.role());
        DynamoDbAccess.readWrite(data.idempotency(), paymentsConsumer.role());
        // The toolkit moves a message it can never process to the DLQ itself (DEAD_LETTER_QUEUE_URL).
        messaging.paymentsOrderPlaced().deadLetterQueue().grantSendMessages(paymentsConsumer.role());
        consumeQueue(paymentsConsumer, messaging.paymentsOrderPlaced());

        WorkflowFunction ordersConsumer = add(settings, code, Workflow.ORDERS_CONSUMER, Map.of(
                "ORDERS_TABLE", data.orders().getTableName(),
                "IDEMPOTENCY_TABLE", idempotency,
                "DEAD_LETTER_QUEUE_URL", messaging.ordersPaymentOutcomes().deadLetterQueue().getQueueUrl()));
        DynamoDbAccess.readWrite(data.orders(), ordersConsumer.role());
        DynamoDbAccess.readWrite(data.idempotency(), ordersConsumer.role());
        // The toolkit moves a message it can never process to the DLQ itself (DEAD_LETTER_QUEUE_URL).
        messaging.ordersPaymentOutcomes().deadLetterQueue().grantSendMessages(ordersConsumer.role());
        consumeQueue(ordersConsumer, messaging.ordersPaymentOutcomes());

        WorkflowFunction notifications = add(settings, code, Workflow.NOTIFICATIONS, Map.of(
                "NOTIFICATIONS_TABLE", data.notifications().getTableName(),
                "IDEMPOTENCY_TABLE", idempotency,
                "DEAD_LETTER_QUEUE_URL", messaging.notificationsEmails().deadLetterQueue().getQueueUrl()));
        DynamoDbAccess.readWrite(data.notifications(), notifications.role());
        DynamoDbAccess.readWrite(data.idempotency(), notifications.role());
        // The toolkit moves a message it can never process to the DLQ itself (DEAD_LETTER_QUEUE_URL).
        messaging.notificationsEmails().deadLetterQueue().grantSendMessages(notifications.role());
        consumeQueue(notifications, messaging.notificationsEmails());

        // Stream consumers
        WorkflowFunction analytics = add(settings, code, Workflow.ANALYTICS, Map.of(
                "ANALYTICS_TABLE", data.analytics().getTableName(),
                "IDEMPOTENCY_TABLE", idempotency));
        DynamoDbAccess.readWrite(data.analytics(), analytics.role());
        DynamoDbAccess.readWrite(data.idempotency(), analytics.role());
        consumeEventLog(analytics, messaging);

        WorkflowFunction audit = add(settings, code, Workflow.AUDIT, Map.of(
                "AUDIT_TABLE", data.audit().getTableName()));
        DynamoDbAccess.readWrite(data.audit(), audit.role());
        consumeEventLog(audit, messaging);

        WorkflowFunction relay = add(settings, code, Workflow.OUTBOX_RELAY, Map.of(
                "DOMAIN_EVENTS_TOPIC_ARN", messaging.domainEvents().getTopicArn(),
                "EVENT_LOG_STREAM_NAME", messaging.eventLog().getStreamName()));
        messaging.domainEvents().grantPublish(relay.role());
        messaging.eventLog().grantWrite(relay.role());
        relayOutbox(relay, "Orders", data.orders(), messaging);
        relayOutbox(relay, "Accounts", data.accounts(), messaging);

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
                .reportBatchItemFailures(true)
                .build();
    }

    private void consumeEventLog(WorkflowFunction consumer, MessagingStack messaging) {
        messaging.eventLog().grantRead(consumer.role());
        messaging.eventLog().grant(consumer.role(), "kinesis:DescribeStream");
        streamMapping(consumer, consumer.spec().name() + "EventLogMapping", messaging.eventLog().getStreamArn(),
                messaging, true);
    }

    private void relayOutbox(WorkflowFunction relay, String tableId, ITable table, MessagingStack messaging) {
        DynamoDbAccess.streamRead(table, relay);
        // No retry limit, only the record age: stream-failures keeps a batch's metadata, not its events, so a
        // few fast retries would lose every outbox event of a short SNS or Kinesis outage. A record that can
        // never be published holds its shard (the iterator age alarm fires) until it is too old.
        EventSourceMapping mapping = streamMapping(relay, "Relay" + tableId + "OutboxMapping",
                table.getTableStreamArn(), messaging, false);
        // The toolkit's pattern verbatim (not re-serialised), so that the relay sees only new outbox records.
        ((CfnEventSourceMapping) mapping.getNode().getDefaultChild()).addPropertyOverride("FilterCriteria",
                Map.of("Filters", List.of(Map.of("Pattern", OutboxRecord.STREAM_FILTER_PATTERN))));
    }

    private EventSourceMapping streamMapping(WorkflowFunction consumer, String id, String sourceArn,
            MessagingStack messaging, boolean retryLimit) {
        return EventSourceMapping.Builder.create(this, id)
                .target(consumer.function())
                .eventSourceArn(sourceArn)
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .batchSize(Workflow.STREAM_BATCH_SIZE)
                .bisectBatchOnError(true)
                .retryAttempts(retryLimit ? Workflow.STREAM_RETRY_ATTEMPTS : null)
                .maxRecordAge(Workflow.STREAM_MAX_RECORD_AGE)
                .onFailure(new SqsDlq(messaging.streamFailures()))
                .reportBatchItemFailures(true)
                // One batch per shard at a time: events of one subject stay in order.
                .parallelizationFactor(1)
                .build();
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
