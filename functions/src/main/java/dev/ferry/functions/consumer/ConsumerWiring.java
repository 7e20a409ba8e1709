package dev.ferry.functions.consumer;

import dev.ferry.aws.AwsClients;
import dev.ferry.batch.ConsumerSettings;
import dev.ferry.batch.SqsDeadLetters;
import dev.ferry.functions.Environment;
import dev.ferry.idempotency.DynamoDbIdempotencyStore;
import dev.ferry.idempotency.TransactionalIdempotency;
import dev.ferry.metrics.EmfMetrics;
import java.time.Clock;
import java.time.Duration;

/** Consumer settings every SQS consumer builds the same way from its environment. */
public final class ConsumerWiring {

    public static final String IDEMPOTENCY_TABLE = "IDEMPOTENCY_TABLE";
    public static final String DEAD_LETTER_QUEUE_URL = "DEAD_LETTER_QUEUE_URL";
    /**
     * How long this function's idempotency records live, in seconds: the CDK app derives it from the longest
     * path by which the function's input can come back (queue and dead-letter retention, one redrive; stream
     * retention), see docs/toolkit.md "Horizons".
     */
    public static final String IDEMPOTENCY_TTL_SECONDS = "IDEMPOTENCY_TTL_SECONDS";

    private ConsumerWiring() {
    }

    /** The lifetime of this function's idempotency records, from {@code IDEMPOTENCY_TTL_SECONDS}. */
    public static Duration idempotencyTtl(Environment env) {
        String text = env.required(IDEMPOTENCY_TTL_SECONDS);
        try {
            long seconds = Long.parseLong(text);
            if (seconds > 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalStateException(IDEMPOTENCY_TTL_SECONDS + " must be a positive number of seconds, got '" + text
                + "'; the CDK app (infra/) derives it from the function's sources");
    }

    /** Transactional idempotency on {@code IDEMPOTENCY_TABLE} for the function's horizon. */
    public static TransactionalIdempotency transactional(Environment env, AwsClients clients) {
        return new TransactionalIdempotency(clients.dynamoDb(), env.required(IDEMPOTENCY_TABLE), idempotencyTtl(env), Clock.systemUTC());
    }

    /** The guarded store on {@code IDEMPOTENCY_TABLE} for the function's horizon. */
    public static DynamoDbIdempotencyStore guarded(Environment env, AwsClients clients) {
        return new DynamoDbIdempotencyStore(clients.dynamoDb(), env.required(IDEMPOTENCY_TABLE), idempotencyTtl(env), Clock.systemUTC());
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
