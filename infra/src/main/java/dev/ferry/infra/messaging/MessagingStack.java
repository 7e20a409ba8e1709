package dev.ferry.infra.messaging;

import dev.ferry.infra.DeploymentSettings;
import dev.ferry.infra.Suppressions;
import dev.ferry.infra.Workflow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.kinesis.Stream;
import software.amazon.awscdk.services.kinesis.StreamEncryption;
import software.amazon.awscdk.services.kinesis.StreamMode;
import software.amazon.awscdk.services.kms.Alias;
import software.amazon.awscdk.services.kms.IAlias;
import software.amazon.awscdk.services.sns.StringConditions;
import software.amazon.awscdk.services.sns.SubscriptionFilter;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.SqsSubscription;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Topics, queues and the event log (docs/architecture.md, "Queues, topics, streams"). SNS {@code domain-events}
 * fans out to one queue per consumer, raw, filtered on the {@code type} attribute; Kinesis {@code event-log}
 * keeps every event for the analytics and audit readers.
 */
public final class MessagingStack extends Stack {

    private final DeploymentSettings settings;
    private final Topic domainEvents;
    private final Topic telemetry;
    private final ConsumerQueue paymentsOrderPlaced;
    private final ConsumerQueue ordersPaymentOutcomes;
    private final ConsumerQueue notificationsEmails;
    private final ConsumerQueue accountCommands;
    private final Queue streamFailures;
    private final Stream eventLog;

    public MessagingStack(Construct scope, String id, StackProps props, DeploymentSettings settings) {
        super(scope, id, props);
        this.settings = settings;

        // The AWS managed key: encryption at rest without a key to pay for, and Lambda publishers and SQS
        // subscribers work through the key's default policy.
        IAlias snsManagedKey = Alias.fromAliasName(this, "SnsManagedKey", "alias/aws/sns");
        domainEvents = topic("DomainEvents", "domain-events", snsManagedKey);
        telemetry = topic("Telemetry", "telemetry", snsManagedKey);

        paymentsOrderPlaced = new ConsumerQueue(this, "PaymentsOrderPlaced", settings, "payments-order-placed", false,
                Workflow.queueVisibilityTimeout(Workflow.PAYMENTS_CONSUMER));
        ordersPaymentOutcomes = new ConsumerQueue(this, "OrdersPaymentOutcomes", settings, "orders-payment-outcomes",
                false, Workflow.queueVisibilityTimeout(Workflow.ORDERS_CONSUMER));
        notificationsEmails = new ConsumerQueue(this, "NotificationsEmails", settings, "notifications-emails", false,
                Workflow.queueVisibilityTimeout(Workflow.NOTIFICATIONS));
        accountCommands = new ConsumerQueue(this, "AccountCommands", settings, "account-commands", true,
                Workflow.queueVisibilityTimeout(Workflow.DEPOSIT_WORKER));

        subscribe(paymentsOrderPlaced, Workflow.ORDER_PLACED);
        subscribe(ordersPaymentOutcomes, Workflow.PAYMENT_SUCCEEDED, Workflow.PAYMENT_FAILED);
        subscribe(notificationsEmails, Workflow.ACCOUNT_OPENED, Workflow.ORDER_CONFIRMED);

        streamFailures = Queue.Builder.create(this, "StreamFailures")
                .queueName(settings.name("stream-failures"))
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(ConsumerQueue.DEAD_LETTER_RETENTION)
                .removalPolicy(settings.removalPolicy())
                .build();
        Suppressions.suppress(streamFailures, "AwsSolutions-SQS3",
                "stream-failures is itself the dead-letter destination of every Kinesis and DynamoDB Streams mapping"
                        + " (it receives the metadata of batches that exhausted their retries); nothing consumes it"
                        + " automatically, so a further DLQ would never receive anything. Its depth is alarmed.");

        eventLog = Stream.Builder.create(this, "EventLog")
                .streamName(settings.name("event-log"))
                .streamMode(StreamMode.PROVISIONED)
                .shardCount(Workflow.EVENT_LOG_SHARDS)
                // aws/kinesis: encryption at rest with no key cost that grows with producers and consumers.
                .encryption(StreamEncryption.MANAGED)
                .retentionPeriod(eventLogRetention(settings))
                .removalPolicy(settings.removalPolicy())
                .build();

        output("DomainEventsTopicArn", domainEvents.getTopicArn(), "ARN of the domain-events topic");
        output("TelemetryTopicArn", telemetry.getTopicArn(), "ARN of the telemetry topic");
        output("EventLogStreamName", eventLog.getStreamName(), "Name of the event-log Kinesis stream");
        output("StreamFailuresQueueUrl", streamFailures.getQueueUrl(), "URL of the stream-failures queue");
        for (Map.Entry<String, ConsumerQueue> entry : consumerQueues().entrySet()) {
            output(entry.getKey() + "QueueUrl", entry.getValue().queue().getQueueUrl(), "URL of a consumer queue");
            output(entry.getKey() + "DeadLetterQueueUrl", entry.getValue().deadLetterQueue().getQueueUrl(),
                    "URL of a consumer's dead-letter queue");
        }
    }

    /** Replays start at the oldest record: a week in production, the free day elsewhere. */
    public static Duration eventLogRetention(DeploymentSettings settings) {
        return settings.production() ? Duration.days(7) : Duration.hours(24);
    }

    private Topic topic(String id, String logicalName, IAlias key) {
        return Topic.Builder.create(this, id)
                .topicName(settings.name(logicalName))
                .masterKey(key)
                .enforceSsl(true)
                .build();
    }

    private void subscribe(ConsumerQueue consumer, String... eventTypes) {
        domainEvents.addSubscription(SqsSubscription.Builder.create(consumer.queue())
                // Raw: the queue receives the envelope itself, not SNS's JSON wrapper around it.
                .rawMessageDelivery(true)
                .filterPolicy(Map.of(Workflow.TYPE_ATTRIBUTE, SubscriptionFilter.stringFilter(
                        StringConditions.builder().allowlist(List.of(eventTypes)).build())))
                .build());
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    /** The consumer queues by the name of their outputs, in a stable order. */
    public Map<String, ConsumerQueue> consumerQueues() {
        Map<String, ConsumerQueue> queues = new LinkedHashMap<>();
        queues.put("PaymentsOrderPlaced", paymentsOrderPlaced);
        queues.put("OrdersPaymentOutcomes", ordersPaymentOutcomes);
        queues.put("NotificationsEmails", notificationsEmails);
        queues.put("AccountCommands", accountCommands);
        return queues;
    }

    public Topic domainEvents() {
        return domainEvents;
    }

    public Topic telemetry() {
        return telemetry;
    }

    public ConsumerQueue paymentsOrderPlaced() {
        return paymentsOrderPlaced;
    }

    public ConsumerQueue ordersPaymentOutcomes() {
        return ordersPaymentOutcomes;
    }

    public ConsumerQueue notificationsEmails() {
        return notificationsEmails;
    }

    public ConsumerQueue accountCommands() {
        return accountCommands;
    }

    public Queue streamFailures() {
        return streamFailures;
    }

    public Stream eventLog() {
        return eventLog;
    }
}
