package dev.ferry.functions.consumer;

import dev.ferry.aws.AwsClients;
import dev.ferry.batch.ConsumerSettings;
import dev.ferry.batch.SqsDeadLetters;
import dev.ferry.functions.Environment;
import dev.ferry.metrics.EmfMetrics;

/** Consumer settings every SQS consumer builds the same way from its environment. */
public final class ConsumerWiring {

    public static final String IDEMPOTENCY_TABLE = "IDEMPOTENCY_TABLE";
    public static final String DEAD_LETTER_QUEUE_URL = "DEAD_LETTER_QUEUE_URL";

    private ConsumerWiring() {
    }

    /**
     * Adds {@code DEAD_LETTER_QUEUE_URL} as the dead-letter destination when the function has one (rejected
     * messages go there with their reason at once); without it, a rejected message is reported failed and the
     * queue's redrive policy moves it after maxReceiveCount.
     */
    public static ConsumerSettings withDeadLetters(ConsumerSettings settings, Environment env, AwsClients clients) {
        ConsumerSettings withMetrics = settings.withMetrics(EmfMetrics.forService("Ferry", settings.name()));
        return env.optional(DEAD_LETTER_QUEUE_URL)
                .map(url -> withMetrics.withDeadLetters(new SqsDeadLetters(clients.sqs(), url)))
                .orElse(withMetrics);
    }
}
