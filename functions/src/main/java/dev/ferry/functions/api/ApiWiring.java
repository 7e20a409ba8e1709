package dev.ferry.functions.api;

import dev.ferry.aws.AwsClients;
import dev.ferry.functions.Environment;
import dev.ferry.functions.consumer.ConsumerWiring;
import dev.ferry.http.IdempotencyKeyOptions;
import dev.ferry.http.IdempotentEndpoint;
import dev.ferry.metrics.EmfMetrics;

/** The parts every API function builds the same way from its environment. */
public final class ApiWiring {

    public static final String IDEMPOTENCY_TABLE = "IDEMPOTENCY_TABLE";
    public static final String TELEMETRY_TOPIC_ARN = "TELEMETRY_TOPIC_ARN";

    private ApiWiring() {
    }

    /**
     * Telemetry to {@code TELEMETRY_TOPIC_ARN}, or none when the function has no such variable. Its SNS client is built
     * by its sending thread, off the function's init.
     */
    public static Telemetry telemetry(Environment env, AwsClients clients, String function) {
        return env.optional(TELEMETRY_TOPIC_ARN)
                .<Telemetry>map(arn -> new SnsTelemetry(clients::sns, arn, EmfMetrics.forService("Ferry", function)))
                .orElseGet(Telemetry::none);
    }

    /** The Idempotency-Key semantics on {@code IDEMPOTENCY_TABLE}, keys prefixed with {@code function}. */
    public static KeyedPosts keyedPosts(Environment env, AwsClients clients, String function) {
        return new KeyedPosts(new IdempotentEndpoint(ConsumerWiring.guarded(env, clients),
                IdempotencyKeyOptions.required(function)));
    }
}
