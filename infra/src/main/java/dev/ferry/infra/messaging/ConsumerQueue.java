package dev.ferry.infra.messaging;

import dev.ferry.infra.DeploymentSettings;
import dev.ferry.infra.Workflow;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * A consumer's queue and its dead-letter queue: after {@link Workflow#MAX_RECEIVE_COUNT} receives a message
 * moves aside instead of blocking or looping. Both are encrypted (SSE-SQS) and refuse plain-HTTP requests.
 */
public final class ConsumerQueue extends Construct {

    /** Long enough to inspect and redrive a poison message after a weekend. */
    public static final Duration DEAD_LETTER_RETENTION = Duration.days(14);
    /** SQS's default, stated: the consumers' idempotency horizon is computed from it. */
    public static final Duration RETENTION = Duration.days(4);

    private final Queue queue;
    private final Queue deadLetterQueue;

    ConsumerQueue(Construct scope, String id, DeploymentSettings settings, String logicalName, boolean fifo,
            Duration visibilityTimeout) {
        super(scope, id);
        String suffix = fifo ? ".fifo" : "";
        // SSE-SQS rather than a KMS key: SNS can deliver to it without a key policy, and it costs nothing.
        deadLetterQueue = Queue.Builder.create(this, "DeadLetters")
                .queueName(settings.name(logicalName + "-dlq") + suffix)
                .fifo(fifo ? Boolean.TRUE : null)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(DEAD_LETTER_RETENTION)
                .removalPolicy(settings.removalPolicy())
                .build();
        queue = Queue.Builder.create(this, "Queue")
                .queueName(settings.name(logicalName) + suffix)
                .fifo(fifo ? Boolean.TRUE : null)
                // The deduplication id is the client's Idempotency-Key, never a hash of the body.
                .contentBasedDeduplication(fifo ? Boolean.FALSE : null)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .visibilityTimeout(visibilityTimeout)
                .retentionPeriod(RETENTION)
                .deadLetterQueue(DeadLetterQueue.builder()
                        .queue(deadLetterQueue)
                        .maxReceiveCount(Workflow.MAX_RECEIVE_COUNT)
                        .build())
                .removalPolicy(settings.removalPolicy())
                .build();
    }

    public Queue queue() {
        return queue;
    }

    public Queue deadLetterQueue() {
        return deadLetterQueue;
    }
}
